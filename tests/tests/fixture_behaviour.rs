//! What the generated code does at run time, construct by construct, on the fixture specs'
//! output (compiled in `codegen_tests::fixtures`).

use codegen_tests::fixtures::*;
use codegen_tests::runtime::Nullable;
use codegen_tests::runtime::describe::{Location, Method, SecurityScheme, Status};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `value` as `T`, checks it encodes back to the same JSON, and returns it.
fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        value,
        "re-encoding changed the JSON"
    );
    typed
}

#[test]
fn tristate_fields_distinguish_absent_null_and_value() {
    let required = json!({"id": "1", "display_name": null, "score": null, "contact": null});
    let minimal: tristate::Profile = round_trip(required.clone());
    assert_eq!(minimal.motto, Nullable::Absent);
    assert_eq!(minimal.display_name, None);

    let mut with_optionals = required;
    with_optionals["motto"] = json!(null);
    with_optionals["age"] = json!(40);
    with_optionals["aliases"] = json!([]);
    let full: tristate::Profile = round_trip(with_optionals);
    assert_eq!(full.motto, Nullable::Null);
    assert_eq!(full.age, Nullable::Value(40));
    assert_eq!(
        full.aliases,
        Nullable::Value(Vec::new()),
        "an empty list is kept, not dropped"
    );

    let patch = tristate::PatchProfileRequest {
        nickname: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"nickname": null})
    );
}

#[test]
fn required_fields_must_be_present_even_when_nullable() {
    let missing_nullable = serde_json::from_value::<tristate::Profile>(
        json!({"id": "1", "score": null, "contact": null}),
    );
    assert!(
        missing_nullable
            .unwrap_err()
            .to_string()
            .contains("display_name")
    );
    let missing_plain = serde_json::from_value::<tristate::Profile>(
        json!({"display_name": null, "score": null, "contact": null}),
    );
    assert!(missing_plain.unwrap_err().to_string().contains("id"));
}

#[test]
fn objects_name_a_missing_or_repeated_field_and_skip_unknown_ones() {
    let parse = |members: &str| {
        serde_json::from_str::<tristate::Profile>(&format!("{{{members}}}"))
            .map_err(|e| e.to_string())
    };
    let required = r#""id":"1","display_name":null,"score":null,"contact":null"#;
    let skipped = parse(&format!(
        r#"{required},"extra":{{"deep":[1,null]}},"bio":"b""#
    ))
    .unwrap();
    assert_eq!(
        (skipped.id.as_str(), skipped.bio.as_deref()),
        ("1", Some("b"))
    );
    let repeated = parse(&format!(r#"{required},"bio":"a","bio":"b""#)).unwrap_err();
    assert!(repeated.starts_with("duplicate field `bio`"), "{repeated}");
    let missing = parse(r#""id":"1","score":null,"contact":null"#).unwrap_err();
    assert!(
        missing.starts_with("missing field `display_name`"),
        "{missing}"
    );
    let not_an_object = serde_json::from_str::<tristate::Profile>("7").unwrap_err();
    assert!(
        not_an_object
            .to_string()
            .starts_with("invalid type: integer `7`, expected struct Profile"),
        "{not_an_object}"
    );
}

#[test]
fn enums_keep_unknown_values_and_colliding_names_stay_distinct() {
    let values = [
        "add", "Add", "ADD", "remove", "+1", "-1", "", "other", "Other",
    ];
    let decoded: Vec<enums::Op> = values.iter().map(|v| round_trip(json!(v))).collect();
    for (i, a) in decoded.iter().enumerate() {
        assert_eq!(a.as_str(), values[i]);
        for b in &decoded[i + 1..] {
            assert_ne!(a, b, "two wire values share a variant");
        }
    }
    assert_eq!(decoded[4], enums::Op::Plus1);
    assert_eq!(decoded[5], enums::Op::Minus1);
    assert_eq!(decoded[6], enums::Op::Empty);

    let added_later: enums::Op = round_trip(json!("multiply"));
    assert_eq!(added_later, enums::Op::Unknown("multiply".to_owned()));
    assert_eq!(added_later.to_string(), "multiply");
    assert_eq!(enums::Op::from("add"), enums::Op::Add);
    assert!(matches!(
        enums::CatchAllNames::from("new"),
        enums::CatchAllNames::UnknownValue3(_)
    ));
}

#[test]
fn integer_enums_are_json_numbers_and_keep_unknown_values() {
    use codegen_tests::runtime::Validate;
    let levels: Vec<enums::Level> = round_trip(json!([0, 1, -1, 10]));
    assert_eq!(
        levels,
        [
            enums::Level::V0,
            enums::Level::V1,
            enums::Level::Minus1,
            enums::Level::V10
        ]
    );
    assert_ne!(enums::Level::V1, enums::Level::Minus1);
    assert_eq!(enums::Level::Minus1.value(), -1);
    assert!(
        serde_json::from_value::<enums::Level>(json!("1")).is_err(),
        "an integer enum is a number on the wire, not a string"
    );

    let added_later: enums::Level = round_trip(json!(42));
    assert_eq!(added_later, enums::Level::Other(42));
    assert_eq!(added_later.to_string(), "42");
    let refused = added_later.validate().unwrap_err();
    assert_eq!(refused.0.len(), 1);
    assert!(refused.0[0].rule.contains("42"), "{refused}");
    assert!(enums::Level::V10.validate().is_ok());

    // Parameters are written from the serialized value: the number.
    assert_eq!(
        serde_json::to_value(enums::Level::Minus1).unwrap(),
        json!(-1)
    );

    // Nullable and optional: absent, `null`, or a value.
    let base = json!({"op": "add", "status": "done"});
    let absent: enums::Change = round_trip(base.clone());
    assert_eq!(absent.retries, Nullable::Absent);
    let mut with = base.clone();
    with["retries"] = json!(null);
    assert_eq!(
        round_trip::<enums::Change>(with.clone()).retries,
        Nullable::Null
    );
    with["retries"] = json!(3);
    assert_eq!(
        round_trip::<enums::Change>(with).retries,
        Nullable::Value(enums::ChangeRetries::V3)
    );
}

#[test]
fn enums_without_type_follow_their_values() {
    let change: enums::Change = round_trip(json!({
        "op": "add",
        "status": "done",
        "word": "beta",
        "number": 8,
        "mixed": 2.5
    }));
    assert_eq!(change.word, Some(enums::UntypedWord::Beta));
    assert_eq!(change.number, Some(enums::UntypedNumber::V8));
    // Strings and numbers mixed: any JSON value.
    assert_eq!(change.mixed, Nullable::Value(json!(2.5)));
    let _: enums::Mixed = round_trip(json!("auto"));
}

#[test]
fn read_only_properties_are_received_but_never_sent() {
    let stored = json!({
        "id": "p1",
        "name": "Rex",
        "created_at": "2024-01-02T03:04:05Z",
        "owner": {"name": "Ann", "since": "2020-01-01"},
        "tags": [{"label": "good"}]
    });
    let pet: read_write::Pet = round_trip(stored.clone());
    assert_eq!(pet.id, "p1");
    assert!(pet.created_at.is_some());
    assert!(pet.owner.as_ref().unwrap().since.is_some());

    // The request form has no read-only field: this literal names every field it has, so it
    // would not compile if `id`, `created_at` or `owner.since` were among them.
    let input = read_write::PetInput2 {
        name: "Rex".to_owned(),
        password: Some("secret".to_owned()),
        owner: Some(read_write::OwnerInput {
            name: Some("Ann".to_owned()),
        }),
        tags: Some(vec![read_write::Tag {
            label: Some("good".to_owned()),
        }]),
    };
    assert_eq!(
        serde_json::to_value(&input).unwrap(),
        json!({"name": "Rex", "password": "secret", "owner": {"name": "Ann"}, "tags": [{"label": "good"}]})
    );
    // A response fed back as a request loses exactly its read-only properties.
    let resent: read_write::PetInput2 = serde_json::from_value(stored).unwrap();
    assert_eq!(
        serde_json::to_value(&resent).unwrap(),
        json!({"name": "Rex", "owner": {"name": "Ann"}, "tags": [{"label": "good"}]})
    );

    // A required read-only property is not required when sending.
    let rename = read_write::Rename::builder().name("Max").build().unwrap();
    assert_eq!(
        serde_json::to_value(&rename).unwrap(),
        json!({"name": "Max"})
    );
    let _ = read_write::PetInput2::builder()
        .name("Rex")
        .build()
        .unwrap();
}

#[test]
fn unions_and_aliases_naming_a_split_struct_are_split_too() {
    // The request forms name `PetInput2`, which has no read-only `id`: a response fed back as a
    // request through the union or the list loses it; the response forms keep it.
    let stored = json!({"id": "p1", "name": "Rex"});
    let choice: read_write::PetOrTagInput = serde_json::from_value(stored.clone()).unwrap();
    assert!(matches!(choice, read_write::PetOrTagInput::Pet(_)));
    assert_eq!(
        serde_json::to_value(&choice).unwrap(),
        json!({"name": "Rex"})
    );
    let batch: read_write::PetBatchInput = serde_json::from_value(json!([stored.clone()])).unwrap();
    assert_eq!(
        serde_json::to_value(&batch).unwrap(),
        json!([{"name": "Rex"}])
    );

    let received: read_write::PetOrTag = round_trip(stored.clone());
    assert!(matches!(received, read_write::PetOrTag::Pet(ref pet) if pet.id == "p1"));
    let received: read_write::PetBatch = round_trip(json!([stored]));
    assert_eq!(received[0].id, "p1");
    // The operations take the request forms and return the response forms.
    #[allow(dead_code)]
    fn takes_request_forms(
        client: &read_write::Client,
        choice: &read_write::PetOrTagInput,
        batch: &read_write::PetBatchInput,
    ) {
        drop(client.choose_pet(choice));
        drop(client.create_pets(batch));
    }
}

#[test]
fn write_only_properties_are_sent_but_never_received() {
    // `Pet` (the response form) has no `password`, `AuditEntry` no `token`: these literals
    // name every field.
    let pet = read_write::Pet {
        id: "p1".to_owned(),
        name: "Rex".to_owned(),
        created_at: None,
        owner: None,
        tags: None,
    };
    let decoded: read_write::Pet =
        serde_json::from_value(json!({"id": "p1", "name": "Rex", "password": "leaked"})).unwrap();
    assert_eq!(decoded, pet);
    let entry: read_write::AuditEntry =
        serde_json::from_value(json!({"at": "2024-01-02T03:04:05Z", "token": "t"})).unwrap();
    let read_write::AuditEntry { at } = entry;
    assert_eq!(at.to_rfc3339(), "2024-01-02T03:04:05+00:00");
    // A component that already had the request form's name keeps it.
    let _ = read_write::PetInput {
        value: Some("kept".to_owned()),
    };
}

/// Deprecated items still work; touching them warns, which this test allows (the generated
/// module itself compiles with warnings denied, so it never touches them unallowed).
#[test]
#[allow(deprecated)]
fn deprecated_items_still_work() {
    let pet: deprecated::Pet = round_trip(json!({
        "name": "Rex",
        "nickname": "R",
        "tag": "t",
        "kind": "a",
        "level": 2,
        "record": {"id": "r1", "kind": "b"}
    }));
    assert_eq!(pet.nickname.as_deref(), Some("R"));
    assert_eq!(pet.kind, Some(deprecated::OldKind::A));
    assert_eq!(pet.level, Some(deprecated::OldLevel::V2));
    let built = deprecated::Pet::builder()
        .name("Rex")
        .tag("t")
        .nickname("R")
        .build()
        .unwrap();
    assert_eq!(built.tag, "t");
    let _ = deprecated::Client::get_legacy;
    // A deprecated parameter is a deprecated field (and setter) of the parameters struct.
    let params = deprecated::CreatePetParams::builder()
        .dry_run(true)
        .notify(false)
        .build()
        .unwrap();
    assert_eq!((params.dry_run, params.notify), (Some(true), Some(false)));
}

#[test]
fn byte_format_is_base64_text() {
    use codegen_tests::runtime::Base64;
    let base = json!({
        "int32": 1,
        "created_at": "2024-01-02T03:04:05Z",
        "birthday": "2000-01-01",
        "uuid": "00000000-0000-0000-0000-000000000001"
    });
    let mut with_bytes = base.clone();
    with_bytes["byte"] = json!("aGk/Pg==");
    with_bytes["chunks"] = json!(["", "AA=="]);
    with_bytes["binary"] = json!("raw text");
    let sample: formats::Sample = round_trip(with_bytes);
    assert_eq!(
        sample.byte.as_ref().map(Base64::as_bytes),
        Some(&b"hi?>"[..])
    );
    assert_eq!(
        sample.chunks,
        Some(vec![Base64(Vec::new()), Base64(vec![0])])
    );
    assert_eq!(sample.binary.as_deref(), Some("raw text"));

    for bad in ["not base64!", "aGk", "aGk_Pg=="] {
        let mut broken = base.clone();
        broken["byte"] = json!(bad);
        let error = serde_json::from_value::<formats::Sample>(broken).unwrap_err();
        assert!(
            error.to_string().contains("invalid base64"),
            "{bad}: {error}"
        );
    }
    assert_eq!(
        serde_json::to_value(Base64::from(b"hi?>")).unwrap(),
        json!("aGk/Pg==")
    );
    let params = formats::GetSampleParams {
        checksum: Some(Base64::from(b"\x00\xff")),
        ..Default::default()
    };
    assert_eq!(params.checksum.unwrap().encode(), "AP8=");
}

#[test]
fn maps_and_additional_properties() {
    let inventory: maps::Inventory = round_trip(json!({
        "warehouse": "north",
        "additional_properties": "a real property with that name",
        "labels": {"a": "1"},
        "shelf_a": 3,
        "shelf_b": 4
    }));
    assert_eq!(
        inventory.additional_properties.as_deref(),
        Some("a real property with that name")
    );
    assert_eq!(inventory.additional_properties_2.get("shelf_b"), Some(&4));
    let extras: maps::WithRefExtras = round_trip(json!({"id": "x", "k": {"sku": "s"}}));
    assert_eq!(extras.additional_properties["k"].sku.as_deref(), Some("s"));
    let _: maps::Counters =
        round_trip(json!({"c": {"count": 1, "last_seen": "2024-01-01T00:00:00Z"}}));
}

#[test]
fn all_of_merges_members_and_their_requirements() {
    let dog: all_of::Dog = round_trip(json!({"name": "Rex", "species": "dog", "good": true}));
    assert_eq!(dog.name, "Rex");
    // `c` is required only by a member that lists nothing but `required`.
    let spread = serde_json::from_value::<all_of::Spread>(json!({"a": "x", "b": 1}));
    assert!(spread.unwrap_err().to_string().contains("`c`"));
    let owner: all_of::Owner = round_trip(json!({"pet": null}));
    assert_eq!(owner.pet, Nullable::Null);
    // A member that only repeats the referenced enum's type leaves the enum as it is.
    let owner: all_of::Owner = round_trip(json!({"level": "gold"}));
    assert_eq!(owner.level, Some(all_of::Level::Gold));
    // The same with `nullable: true` in that member: the enum, or null.
    let owner: all_of::Owner = round_trip(json!({"maybeLevel": null, "tier": "premium"}));
    assert_eq!(owner.maybe_level, Nullable::Null);
    // A reference that only says `type: string`, narrowed in place: the narrower enum.
    assert_eq!(owner.tier, Some(all_of::OwnerTier::Premium));
    let owner: all_of::Owner = round_trip(json!({"maybeLevel": "silver"}));
    assert_eq!(owner.maybe_level, Nullable::Value(all_of::Level::Silver));
}

#[test]
fn alternatives_beside_own_properties_are_flattened_into_the_object() {
    use codegen_tests::runtime::Validate;
    use one_of::{
        Attribute, AttributeOneOf, AttributeOneOfVariant1, AttributeOneOfVariant1DataType,
        AttributeOneOfVariant2DataType,
    };
    // The alternative's properties sit beside the object's own, on the wire and back.
    let list: Attribute = round_trip(json!({
        "name": "size",
        "data_type": "options",
        "options": ["S", "M"],
    }));
    assert_eq!(
        list,
        Attribute {
            name: "size".into(),
            description: None,
            one_of: AttributeOneOf::AttributeOneOfVariant1(AttributeOneOfVariant1 {
                data_type: AttributeOneOfVariant1DataType::Options,
                options: vec!["S".into(), "M".into()],
            }),
        }
    );
    // Without `options`, the first alternative does not fit; the second does.
    let other: Attribute = round_trip(json!({"name": "age", "data_type": "integer"}));
    assert!(matches!(
        other.one_of,
        AttributeOneOf::AttributeOneOfVariant2(ref v)
            if v.data_type == AttributeOneOfVariant2DataType::Integer
    ));
    // `data_type`, required by the object, is required in each alternative that declares it.
    assert!(serde_json::from_value::<Attribute>(json!({"name": "n"})).is_err());
    // The alternative's constraints are reported at their own path, beside the object's.
    let mut short = list.clone();
    short.name = "a name longer than twenty".into();
    if let AttributeOneOf::AttributeOneOfVariant1(v) = &mut short.one_of {
        v.options.truncate(1);
    }
    let paths: Vec<String> = short
        .validate()
        .unwrap_err()
        .0
        .into_iter()
        .map(|v| v.path)
        .collect();
    assert_eq!(paths, ["/name", "/options"]);
    // Referenced alternatives are flattened the same way.
    let labelled: one_of::LabelledPet = round_trip(json!({"label": "Rex", "barks": true}));
    assert!(matches!(
        labelled.one_of,
        one_of::LabelledPetOneOf::Dog(ref dog) if dog.barks
    ));
    // A builder needs the alternative like any required property.
    let missing = Attribute::builder().name("n").build().unwrap_err();
    assert_eq!(missing.0[0].path, "/");
}

/// Alternatives that each hold one value of their own in a required `type` property are chosen
/// by it: a `range` is not taken for the first alternative, whose `type` enum would keep any
/// other value, and an unknown value is an error that names it.
#[test]
fn alternatives_with_a_value_of_their_own_are_chosen_by_it() {
    use one_of::{Range, RangeVariant1Type, RangeVariant2Type};
    let range: Range = round_trip(json!({"type": "range", "start": 1.0, "end": 2.0}));
    assert!(matches!(
        range,
        Range::RangeVariant2(ref r)
            if r.start == 1.0 && r.end == 2.0 && r.r#type == RangeVariant2Type::Range
    ));
    let to: Range = round_trip(json!({"type": "range_to", "end": 2.0}));
    assert!(matches!(
        to,
        Range::RangeVariant1(ref r) if r.end == 2.0 && r.r#type == RangeVariant1Type::RangeTo
    ));
    let unknown = serde_json::from_value::<Range>(json!({"type": "range_from", "start": 1.0}))
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("range_from"), "{unknown}");
}

#[test]
fn one_of_and_any_of_decode_the_matching_alternative() {
    assert_eq!(
        round_trip::<one_of::IdOrName>(json!(7)),
        one_of::IdOrName::Integer(7)
    );
    assert_eq!(
        round_trip::<one_of::IdOrName>(json!("seven")),
        one_of::IdOrName::String("seven".into())
    );
    assert!(matches!(
        round_trip::<one_of::Pet>(json!({"barks": true})),
        one_of::Pet::Dog(_)
    ));
    assert!(matches!(
        round_trip::<one_of::Pet>(json!({"meows": false})),
        one_of::Pet::Cat(_)
    ));
    assert!(matches!(
        round_trip::<one_of::PetOrPets>(json!([{"meows": true}])),
        one_of::PetOrPets::Array(_)
    ));
    assert!(serde_json::from_value::<one_of::IdOrName>(json!(true)).is_err());
    assert_eq!(
        round_trip::<any_of::StringOrNumber>(json!(1.5)),
        any_of::StringOrNumber::Number(1.5)
    );
    // Alternatives that only list `required` are constraints, not shapes: one plain struct.
    let lookup: any_of::LookupRequest = round_trip(json!({"email": "a@b.co"}));
    assert_eq!(lookup.email.as_deref(), Some("a@b.co"));
}

#[test]
fn discriminator_picks_the_alternative_by_tag_not_by_first_fit() {
    use discriminator::{CreatePetResponse, Dog, Pet};
    // `Cat` has no required property besides the tag, so this object fits it too; an untagged
    // union would decode the first alternative, `Cat`, and lose `barks`.
    let dog = json!({"petType": "Dog", "name": "Rex", "barks": true});
    assert_eq!(
        round_trip::<Pet>(dog.clone()),
        Pet::Dog(Dog {
            pet_type: "Dog".into(),
            name: Some("Rex".into()),
            barks: Some(true),
        })
    );
    // Without a mapping the value is the schema name.
    assert!(matches!(
        round_trip::<CreatePetResponse>(dog),
        CreatePetResponse::Dog(_)
    ));
    // The tag decides even against a property only the other alternative has.
    let cat = serde_json::from_value(json!({"petType": "Cat", "barks": true})).unwrap();
    assert!(matches!(cat, CreatePetResponse::Cat(_)));
    // The mapping names `Cat` twice: by reference (`cat`) and by schema name (`kitten`); the tag
    // stays in the alternative's own `pet_type` and goes back on the wire as received.
    for tag in ["cat", "kitten"] {
        let pet: Pet = round_trip(json!({"petType": tag, "lives": 9}));
        let Pet::Cat(cat) = pet else {
            panic!("{tag} is not a cat: {pet:?}")
        };
        assert_eq!((cat.pet_type.as_str(), cat.lives), (tag, Some(9)));
    }
    // A mapped schema is no longer selected by its own name.
    let by_name = serde_json::from_value::<Pet>(json!({"petType": "Cat"}));
    assert_eq!(
        by_name.unwrap_err().to_string(),
        r#"unknown `petType` value "Cat" (expected one of "cat", "kitten", "Dog", "bird")"#
    );
}

#[test]
fn discriminator_serialization_keeps_or_adds_the_tag() {
    use discriminator::{Bird, Cat, Household, Pet};
    // `Bird` does not declare `petType`: decoding ignores it, encoding adds the mapped value.
    let bird: Pet = round_trip(json!({"wingspan": 0.3, "petType": "bird"}));
    assert_eq!(bird, Pet::Bird(Bird { wingspan: 0.3 }));
    let built = Pet::Bird(Bird { wingspan: 1.5 });
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"wingspan": 1.5, "petType": "bird"})
    );
    let cat = Pet::Cat(Cat {
        pet_type: "kitten".into(),
        ..Default::default()
    });
    assert_eq!(
        serde_json::to_value(&cat).unwrap(),
        json!({"petType": "kitten"})
    );
    // Inside a struct and a list, each element chooses for itself.
    let household: Household = round_trip(json!({
        "pets": [{"petType": "Dog"}, {"petType": "cat", "lives": 3}, {"petType": "bird", "wingspan": 2.0}],
        "favourite": {"petType": "Dog", "barks": false}
    }));
    assert!(matches!(
        household.pets[..],
        [Pet::Dog(_), Pet::Cat(_), Pet::Bird(_)]
    ));
}

#[test]
fn a_parent_listing_its_extensions_decodes_each_whole() {
    use discriminator::Shape;
    let circle: Shape = round_trip(json!({"shapeType": "circle", "radius": 2.0}));
    let Shape::Circle(circle) = circle else {
        panic!("not a circle: {circle:?}")
    };
    assert_eq!((circle.shape_type.as_str(), circle.radius), ("circle", 2.0));
    // `square` is chosen by its tag, so a missing `side` is an error, not a fallback to `Circle`.
    let square = serde_json::from_value::<Shape>(json!({"shapeType": "square", "radius": 1.0}));
    assert!(
        square
            .unwrap_err()
            .to_string()
            .contains("missing field `side`")
    );
}

#[test]
fn a_parent_whose_alternatives_declare_its_properties_decodes_each_whole() {
    use discriminator::{GroupStatement, Statement};
    let group: Statement = round_trip(json!({"type": "GROUP", "groups": ["admins"]}));
    assert_eq!(
        group,
        Statement::GroupStatement(GroupStatement {
            r#type: "GROUP".into(),
            groups: vec!["admins".into()],
        })
    );
    let expression: Statement = round_trip(json!({"type": "EXPRESSION", "expression": "x"}));
    assert!(matches!(expression, Statement::ExpressionStatement(e) if e.expression == "x"));
    // Chosen by the tag: a group without `groups` is an error, not an expression.
    let broken = serde_json::from_value::<Statement>(json!({"type": "GROUP", "expression": "x"}));
    assert!(
        broken
            .unwrap_err()
            .to_string()
            .contains("missing field `groups`")
    );
}

#[test]
fn a_parent_with_a_discriminator_and_no_alternatives_decodes_any_kind_whole() {
    use discriminator::{Car, Lorry, Vehicle, VehicleBase};
    // `car` is the mapping's value for `Car`; `Lorry` extends `Truck`, which extends `Vehicle`.
    let car: Vehicle = round_trip(json!({"kind": "car", "wheels": 4, "doors": 5}));
    let Vehicle::Car(Car { doors, wheels, .. }) = car else {
        panic!("not a car: {car:?}")
    };
    assert_eq!((doors, wheels), (Some(5), Some(4)));
    let lorry: Vehicle = round_trip(json!({"kind": "Lorry", "payload": 2.5, "trailers": 2}));
    let Vehicle::Lorry(Lorry {
        payload, trailers, ..
    }) = lorry
    else {
        panic!("not a lorry: {lorry:?}")
    };
    assert_eq!((payload, trailers), (2.5, Some(2)));
    // The parent's own name, and a kind this client does not know, decode as its own properties.
    let own: Vehicle = round_trip(json!({"kind": "Vehicle", "wheels": 2}));
    assert_eq!(
        own,
        Vehicle::Vehicle(VehicleBase {
            kind: "Vehicle".to_owned(),
            wheels: Some(2)
        })
    );
    let bike: Vehicle =
        serde_json::from_value(json!({"kind": "Bike", "wheels": 2, "bell": true})).unwrap();
    assert!(matches!(bike, Vehicle::Vehicle(ref base) if base.kind == "Bike"));
    // The kind named is decoded as that kind: no silent fallback when it does not fit.
    let truck = serde_json::from_value::<Vehicle>(json!({"kind": "Truck", "wheels": 6}));
    assert!(
        truck
            .unwrap_err()
            .to_string()
            .contains("missing field `payload`")
    );
    // Requests take the union, built from any kind.
    let car = Car::builder().kind("car").doors(3).build().unwrap();
    assert_eq!(
        serde_json::to_value(Vehicle::Car(car)).unwrap(),
        json!({"kind": "car", "doors": 3})
    );
}

#[test]
fn discriminator_failures_name_the_tag_and_value() {
    use discriminator::{Household, Pet};
    let error = |value| {
        serde_json::from_value::<Pet>(value)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error(json!({"petType": "hamster", "name": "Hammy"})),
        r#"unknown `petType` value "hamster" (expected one of "cat", "kitten", "Dog", "bird")"#
    );
    // The chosen alternative's own error, not a "no variant matched".
    assert!(
        error(json!({"petType": "bird"}))
            .starts_with(r#"`petType` is "bird": missing field `wingspan`"#),
        "{}",
        error(json!({"petType": "bird"}))
    );
    assert!(error(json!({"wingspan": 1.0})).contains("missing the `petType` property"));
    assert!(error(json!("Dog")).contains("expected an object with a `petType` property"));
    // In a response, the failure names where it happened.
    let nested = serde_json::from_value::<Household>(json!({"pets": [{"petType": "fish"}]}));
    assert!(nested.unwrap_err().to_string().contains(r#""fish""#));
}

#[test]
fn unmodelled_schemas_keep_any_json() {
    use fallback::Holder;
    let values = [
        json!(null),
        json!(1),
        json!("text"),
        json!([1, "two", {"three": 3}]),
        json!({"nested": {"deep": [true, null]}}),
    ];
    for value in values {
        let holder: Holder = round_trip(json!({
            "anything": value,
            "maybe": value,
            "inline": value,
            "list": [value, value],
            "both": value,
            "mixed": value,
            "tagged": value,
        }));
        assert_eq!(holder.anything.unwrap_or(Value::Null), value);
        let _: fallback::CreateThingResponse = round_trip(value);
    }
    let minimal: Holder = round_trip(json!({"anything": {"a": 1}}));
    assert_eq!(minimal.both, Nullable::Absent);
}

/// `anyOf: [X, {type: "null"}]` (not OpenAPI 3.0, but common) is a nullable `X`: absent, `null`
/// and a value are three different things, and `X`'s rules still apply.
#[test]
fn null_type_alternatives_make_the_value_nullable() {
    use codegen_tests::runtime::Validate;
    use fallback::{NullAlternatives, NullAlternativesEither, NullAlternativesInner, Owner};
    let full: NullAlternatives = round_trip(json!({
        "name": null,
        "pet": {"id": 7},
        "either": 5,
        "inner": {"odd": [1]}
    }));
    assert_eq!(full.name, Nullable::Null);
    assert_eq!(full.pet, Nullable::Value(Owner { id: Some(7) }));
    assert_eq!(
        full.either,
        Nullable::Value(NullAlternativesEither::Integer(5))
    );
    assert!(matches!(
        full.inner,
        Nullable::Value(NullAlternativesInner {
            odd: Nullable::Value(_)
        })
    ));
    let empty: NullAlternatives = round_trip(json!({"pet": null, "either": null, "inner": null}));
    assert_eq!(empty.name, Nullable::Absent);
    assert_eq!(empty.pet, Nullable::Null);
    assert_eq!(empty.either, Nullable::Null);
    let long: NullAlternatives = round_trip(json!({"name": "abcd"}));
    let violations = long.validate().unwrap_err().to_string();
    assert!(violations.contains("/name"), "{violations}");
    assert!(
        round_trip::<NullAlternatives>(json!({"name": "abc"}))
            .validate()
            .is_ok()
    );
}

#[test]
fn references_across_files_resolve_to_shared_types() {
    let pet: refs_across_files::Pet = round_trip(json!({
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "name": "Rex",
        "owner": {"name": "Ann", "address": {"street": "1 Main St", "city": "Springfield"}},
        "home": {"street": "2 Elm St", "city": "Shelbyville"}
    }));
    let owner_address: Option<&refs_across_files::Address> =
        pet.owner.as_ref().and_then(|o| o.address.as_ref());
    assert_eq!(owner_address.map(|a| a.city.as_str()), Some("Springfield"));
    assert!(
        serde_json::from_value::<refs_across_files::Pet>(json!({"id": "not-a-uuid", "name": "x"}))
            .is_err()
    );
}

#[test]
fn a_discriminator_mapping_and_a_properties_map_written_in_another_file_are_followed() {
    use refs_across_files::{Animal, Color, Tag};
    // The mapping's `#/Dog` is relative to the file it is written in.
    let dog: Animal = round_trip(json!({"kind": "dog", "barks": true}));
    assert!(matches!(dog, Animal::Dog(ref d) if d.barks == Some(true)));
    let cat: Animal = round_trip(json!({"kind": "cat", "lives": 9}));
    assert!(matches!(cat, Animal::Cat(ref c) if c.lives == Some(9)));
    // `properties: {$ref: ...}` gives `Tag` the referenced map's properties, whose own
    // reference (`#/Color`) is followed in that file too.
    let tag: Tag = round_trip(json!({"label": "new", "color": "red"}));
    assert_eq!(
        tag,
        Tag {
            label: Some("new".to_owned()),
            color: Some(Color::Red)
        }
    );
}

#[test]
fn recursive_schemas_build_and_round_trip() {
    let tree: recursion::Node = round_trip(json!({
        "name": "root",
        "children": [{"name": "leaf", "children": [], "parent": {"name": "root", "children": []}}]
    }));
    assert_eq!(
        tree.children[0].parent.as_ref().map(|p| p.name.as_str()),
        Some("root")
    );
    let list: recursion::ListNode =
        round_trip(json!({"value": 1, "next": {"value": 2, "next": {"value": 3, "next": null}}}));
    assert_eq!(list.next.and_then(|n| n.next).map(|n| n.value), Some(3));
    let _: recursion::JsonObject = round_trip(json!({"a": {"b": {}}}));
    let _: recursion::NestedList = round_trip(json!([[], [[]]]));
    let _: recursion::A = round_trip(json!({"b": {"a": {"b": {}}}}));
}

#[test]
fn formats_map_to_precise_types() {
    let sample: formats::Sample = round_trip(json!({
        "int32": 7,
        "created_at": "2024-05-06T07:08:09+02:00",
        "birthday": "1990-12-31",
        "uuid": "123e4567-e89b-12d3-a456-426614174000",
        "anything": null,
        "matrix": [[1, 2], [3]]
    }));
    assert_eq!(sample.anything, Nullable::Null, "an explicit null is kept");
    assert_eq!(sample.created_at.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(sample.birthday.to_string(), "1990-12-31");
    let overflow = json!({"int32": 4_294_967_296i64, "created_at": "2024-05-06T07:08:09Z", "birthday": "1990-12-31", "uuid": "123e4567-e89b-12d3-a456-426614174000"});
    assert!(
        serde_json::from_value::<formats::Sample>(overflow).is_err(),
        "int32 must not accept a 64-bit value"
    );
}

#[test]
fn names_are_safe_and_keep_the_wire_name() {
    let schema: naming::MySchema = round_trip(
        json!({"type": "t", "self": "s", "Self": "S", "2fa": true, "+1": 1, "-1": -1, "foo_bar": "a", "fooBar": "b"}),
    );
    assert_eq!(
        (
            schema.r#type.as_deref(),
            schema.self_.as_deref(),
            schema.self_2.as_deref()
        ),
        (Some("t"), Some("s"), Some("S"))
    );
    assert_eq!((schema.plus_1, schema.minus_1), (Some(1), Some(-1)));
    assert_eq!(
        (schema.foo_bar.as_deref(), schema.foo_bar_2.as_deref()),
        (Some("a"), Some("b"))
    );
    // `pet` and `Pet`, `String` and `Option` are distinct types that do not shadow std.
    let _ = (
        naming::Pet::default(),
        naming::Pet2::default(),
        naming::String2::default(),
        naming::Option2::default(),
    );
}

#[test]
fn operations_are_described_completely() {
    use operations::operations as ops;
    let list = ops::LIST_PETS;
    assert_eq!((list.method, list.path), (Method::Get, "/pets"));
    let version = list
        .parameters
        .iter()
        .find(|p| p.constant.is_some())
        .expect("a constant header");
    assert_eq!(
        (version.location, version.constant),
        (Location::Header, Some("2024-01-01"))
    );
    assert!(list.responses.iter().any(|r| r.status == Status::Default));

    // Without an operationId, a stable id from method and path.
    assert_eq!(ops::PUT_PETS_BY_PET_ID.id, "put_pets_by_petId");
    let ranges: Vec<_> = ops::PUT_PETS_BY_PET_ID
        .responses
        .iter()
        .map(|r| r.status)
        .collect();
    assert!(ranges.contains(&Status::Range(2)) && ranges.contains(&Status::Range(4)));
    assert!(Status::Range(2).matches(204) && !Status::Range(2).matches(404));

    // `security: []` overrides the global requirement. (The spec deprecates `deletePet`, so its
    // constant is `#[deprecated]`: naming it warns.)
    #[allow(deprecated)]
    let delete = ops::DELETE_PET;
    assert!(delete.security.is_empty());
    assert!(!list.security.is_empty());

    // An operation's parameter replaces the path item's one with the same name and place only.
    let get = ops::GET_PET;
    let verbose: Vec<_> = get
        .parameters
        .iter()
        .filter(|p| p.name == "verbose")
        .collect();
    assert_eq!(verbose.len(), 2);
    assert!(
        verbose
            .iter()
            .any(|p| p.location == Location::Query && p.required)
    );
    assert!(
        verbose
            .iter()
            .any(|p| p.location == Location::Header && !p.required)
    );
    assert!(
        get.parameters
            .iter()
            .any(|p| p.name == "petId" && p.location == Location::Path)
    );

    // Servers: the operation's own, then the path item's, then the document's.
    assert_eq!(
        ops::PATCH_PET.servers[0].url,
        "https://patch.example.com/v2"
    );
    assert_eq!(ops::HEALTH.servers[0].url, "https://status.example.com");
    assert_eq!(list.servers, operations::SERVERS);
    // Operations follow the document's order of methods: get, head, options, trace.
    let health: Vec<_> = [ops::HEALTH, ops::HEALTH_HEAD, ops::TRACE_HEALTH]
        .iter()
        .map(|o| o.method)
        .collect();
    assert_eq!(health, [Method::Get, Method::Head, Method::Trace]);
    // A `default` response given by `$ref` is resolved like any other.
    let unexpected = ops::HEALTH_HEAD
        .responses
        .iter()
        .find(|r| r.status == Status::Default)
        .expect("default");
    assert_eq!(unexpected.content_type, Some("application/json"));

    assert_eq!(operations::SERVERS.len(), 2);
    let region = &operations::SERVERS[0].variables[0];
    assert!(
        !region.allowed.is_empty(),
        "the region variable has an enum"
    );
    assert_eq!(
        operations::security_schemes::API_KEY_QUERY,
        SecurityScheme::ApiKey {
            name: "api_key",
            location: Location::Query
        }
    );
    assert!(matches!(
        operations::security_schemes::OIDC,
        SecurityScheme::OpenIdConnect { .. }
    ));
}
