//! What the generator reports as warnings: each valid schema it cannot express in Rust, with the
//! file, pointer and line, and nothing for the specs it models fully.

use std::path::Path;

use openapi_client_gen::{Settings, generate_output};

fn warnings_of(spec: &str) -> Vec<(String, usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let output = generate_output(&path, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    output
        .warnings
        .into_iter()
        .map(|w| {
            assert_eq!(w.0.file, path, "{w}");
            let line = w.0.location.map(|l| l.line).unwrap_or(0);
            (w.0.pointer.unwrap_or_default(), line, w.0.message)
        })
        .collect()
}

#[test]
fn each_unmodelled_schema_is_reported_where_it_is_written() {
    let warnings = warnings_of("fixtures/fallback.yaml");
    let expected: &[(&str, usize, &str)] = &[
        // Found before anything is lowered, so reported first.
        (
            "/components/schemas/NullAlternatives/properties/name/anyOf",
            220,
            "alternative `anyOf/0` is `type: \"null\"`, which is not OpenAPI 3.0 (it is 3.1): the schema is read as `nullable: true` without it",
        ),
        (
            "/components/schemas/NullAlternatives/properties/pet/anyOf",
            226,
            "alternative `anyOf/1` is `type: \"null\"`",
        ),
        (
            "/components/schemas/NullAlternatives/properties/either/oneOf",
            230,
            "alternative `oneOf/1` is `type: \"null\"`",
        ),
        (
            "/components/schemas/NullAlternatives/properties/inner/anyOf",
            235,
            "alternative `anyOf/0` is `type: \"null\"`",
        ),
        (
            "/components/schemas/NotAString",
            62,
            "`NotAString` is `serde_json::Value`: `not` cannot be expressed",
        ),
        (
            "/components/schemas/NamedString",
            73,
            "`NamedString` is `serde_json::Value`: its `allOf` member `allOf/1` (`Code`) is not an object schema",
        ),
        (
            "/components/schemas/Both",
            78,
            "`Both` is `serde_json::Value`: `allOf` combined with `oneOf`/`anyOf` alternatives",
        ),
        (
            "/components/schemas/OwnAndAlternatives",
            91,
            "both its own type or properties and `oneOf`/`anyOf` alternatives",
        ),
        (
            "/components/schemas/InlineTagged",
            100,
            "alternative `oneOf/0` is written in place",
        ),
        (
            "/components/schemas/StringTagged",
            109,
            "the `discriminator` alternative `Code` is not an object",
        ),
        (
            "/components/schemas/LooseMapping/discriminator/mapping/other",
            123,
            "mapping `other` ignored: `Code` is not one of the alternatives",
        ),
        (
            "/components/schemas/LooseMapping/discriminator/mapping/remote",
            124,
            "mapping `remote` ignored",
        ),
        (
            "/components/schemas/Holder/properties/inline",
            133,
            "`HolderInline` is `serde_json::Value`: `not`",
        ),
        (
            "/components/schemas/Holder/properties/list/items",
            139,
            "`HolderListItem` is `serde_json::Value`: `not`",
        ),
        (
            "/components/schemas/Version/enum",
            170,
            "a `type: string` enum lists 3, 4.1, true, which are not strings: taken as the strings \"3\", \"4.1\", \"true\"",
        ),
        (
            "/components/schemas/Employment/oneOf",
            189,
            "the `oneOf` alternatives narrow properties of the object (an `enum` or bounds on a property); the type is the object's, and these alternatives are not checked before a request is sent",
        ),
        (
            "/components/schemas/Overlapping",
            198,
            "`Overlapping` is `serde_json::Value`: the schema has both its own type or properties and `oneOf`/`anyOf` alternatives of other shapes",
        ),
        // Inside the alternative that became the schema itself: still located where it is
        // written.
        (
            "/components/schemas/NullAlternatives/properties/inner/anyOf/1/properties/odd",
            239,
            "`NullAlternativesInnerOdd` is `serde_json::Value`: `not`",
        ),
        (
            "/components/schemas/DateOrTime/anyOf",
            252,
            "the `anyOf` alternatives narrow its type (a `format`, an `enum`, a `pattern` or bounds); the type is the schema's own, and these alternatives are not checked before a request is sent",
        ),
        (
            "/paths/~1things/post/responses/200/content/application~1json/schema",
            27,
            "`CreateThingResponse` is `serde_json::Value`: `not`",
        ),
        (
            "/paths/~1vehicles/post/parameters/0/schema",
            36,
            "parameter `filters`: no `style` can write this schema (it nests objects or arrays), so it is sent as JSON text",
        ),
        (
            "/components/schemas/Vehicle",
            148,
            "`Vehicle` has a `discriminator` but no `oneOf`/`anyOf`, and is a form or multipart body, which cannot be a union: a value of a schema extending it (`Car`) sent as `Vehicle` keeps only `Vehicle`'s properties",
        ),
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for ((pointer, line, message), (want_pointer, want_line, want_message)) in
        warnings.iter().zip(expected)
    {
        assert_eq!(
            (pointer.as_str(), *line),
            (*want_pointer, *want_line),
            "{message}"
        );
        assert!(
            message.contains(want_message),
            "{message:?} lacks {want_message:?}"
        );
    }
}

/// Keys no OpenAPI or JSON Schema vocabulary defines: reported at the key, with the keyword
/// meant when one is close; a referenced parameter once, where it is written.
#[test]
fn each_unknown_keyword_is_reported_where_it_is_written() {
    let warnings = warnings_of("fixtures/misspelled_keywords.yaml");
    let expected: &[(&str, usize, &str)] = &[
        (
            "/paths/~1notes/get/sumary",
            16,
            "unknown keyword `sumary` in an operation (did you mean `summary`?); it is ignored",
        ),
        (
            "/paths/~1notes/get/parameters/0/requred",
            20,
            "unknown keyword `requred` in a parameter (did you mean `required`?); it is ignored",
        ),
        // Met first as the copy in `listNotes`, reported once, where it is written.
        (
            "/components/parameters/Page/schema/minimun",
            68,
            "unknown keyword `minimun` in a schema (did you mean `minimum`?); it is ignored",
        ),
        (
            "/paths/~1notes/get/responses/200/contnet",
            27,
            "unknown keyword `contnet` in a response (did you mean `content`?); it is ignored",
        ),
        (
            "/paths/~1notes/get/responses/200/content/application~1json/exmaple",
            39,
            "unknown keyword `exmaple` in a media type (did you mean `example`?); it is ignored",
        ),
        // Its value, a reference, was replaced by a copy of the schema: reported at the media
        // type that holds it.
        (
            "/paths/~1notes/post/requestBody/content/application~1json",
            48,
            "unknown keyword `schemas` in a media type (did you mean `schema`?); it is ignored",
        ),
        (
            "/components/schemas/Note/properties/name/maxLenght",
            76,
            "unknown keyword `maxLenght` in a schema (did you mean `maxLength`?); it is ignored",
        ),
        (
            "/components/schemas/Note/properties/example/nulable",
            79,
            "unknown keyword `nulable` in a schema (did you mean `nullable`?); it is ignored",
        ),
        (
            "/components/schemas/Note/properties/score/exclusiveMinimun",
            82,
            "unknown keyword `exclusiveMinimun` in a schema (did you mean `exclusiveMinimum`?); it is ignored",
        ),
        (
            "/components/schemas/Note/properties/score/colour",
            83,
            "unknown keyword `colour` in a schema; it is ignored",
        ),
    ];
    let found: Vec<(&str, usize, &str)> = warnings
        .iter()
        .map(|(pointer, line, message)| (pointer.as_str(), *line, message.as_str()))
        .collect();
    assert_eq!(found, expected);
}

/// Asserts that `spec` warns exactly `expected` (pointer, line, part of the message), in order.
fn assert_warnings(spec: &str, expected: &[(&str, usize, &str)]) {
    let warnings = warnings_of(spec);
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for ((pointer, line, message), (want_pointer, want_line, want_message)) in
        warnings.iter().zip(expected)
    {
        assert_eq!(
            (pointer.as_str(), *line),
            (*want_pointer, *want_line),
            "{message}"
        );
        assert!(
            message.contains(want_message),
            "{message:?} lacks {want_message:?}"
        );
    }
}

#[test]
fn openapi_3_1_keywords_without_a_3_0_counterpart_are_reported_where_they_are_written() {
    assert_warnings(
        "fixtures/openapi31_fallback.yaml",
        &[
            (
                "/components/schemas/Conditional",
                11,
                "schema not modelled, it is `serde_json::Value`: `if`/`then`/`else` cannot be expressed",
            ),
            (
                "/components/schemas/Dependent",
                25,
                "`dependentSchemas` cannot be expressed",
            ),
            (
                "/components/schemas/Pair/prefixItems",
                36,
                "the tuple's 2 positions are all required: an array with fewer items, which `minItems` allows, is refused when decoding",
            ),
            (
                "/components/schemas/Mixed",
                40,
                "several `patternProperties`, or `patternProperties` beside other additional properties",
            ),
            (
                "/components/schemas/Legacy/properties/nickname/nullable",
                57,
                "`nullable` is OpenAPI 3.0, not 3.1 (which writes `type: [T, \"null\"]`): read as 3.0 reads it",
            ),
            (
                "/components/schemas/Legacy/properties/score/exclusiveMinimum",
                61,
                "a boolean `exclusiveMinimum` is OpenAPI 3.0, not 3.1",
            ),
        ],
    );
}

#[test]
fn references_into_the_defs_of_an_enclosing_schema_are_reported() {
    const SCHEMA: &str =
        "/paths/~1orders~1events/get/responses/200/content/application~1json/schema";
    let defs = format!("read as the `$defs` of the schema at #{SCHEMA}, which it is written in");
    let at = |rest: &str| format!("{SCHEMA}{rest}");
    let (kind, total, lines, price) = (
        at("/properties/kind"),
        at("/properties/total"),
        at("/properties/lines/items"),
        at("/$defs/Line/properties/price"),
    );
    let message = |name: &str| {
        format!("`$ref` \"#/$defs/{name}\" names nothing from the document's root: {defs}")
    };
    let (kind_m, total_m, lines_m, price_m) = (
        message("EventKind"),
        message("Money"),
        message("Line"),
        message("Money"),
    );
    assert_warnings(
        "fixtures/openapi31_refs.yaml",
        &[
            (&kind, 37, &kind_m),
            (&total, 39, &total_m),
            (&lines, 43, &lines_m),
            (&price, 58, &price_m),
            (
                "/components/schemas/Order/properties/coupon/nullable",
                87,
                "`nullable` is OpenAPI 3.0, not 3.1",
            ),
        ],
    );
}

#[test]
fn fully_modelled_specs_have_no_warnings() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut checked = 0;
    for dir in [fixtures, specs] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let is_spec = path.extension().is_some_and(|e| e == "yaml" || e == "json");
            let listed = [
                "fallback.yaml",
                "misspelled_keywords.yaml",
                "openapi31_fallback.yaml",
                "openapi31_refs.yaml",
            ];
            if !is_spec || listed.iter().any(|name| path.ends_with(name)) {
                continue;
            }
            let output = generate_output(&path, &Settings::default()).unwrap();
            assert_eq!(output.warnings, Vec::new(), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} specs found");
}
