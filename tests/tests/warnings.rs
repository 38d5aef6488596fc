//! What the generator reports as warnings: each valid schema it cannot express in Rust, each
//! parameter or body sent as near as its spec allows, with the file, pointer, line and kind, and
//! nothing for the specs it models fully.

use std::path::Path;

use openapi_client_gen::{Settings, WarningKind, generate_output};

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
    assert_warnings("fixtures/fallback.yaml", expected);
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

/// Each parameter or body that cannot be sent exactly as the spec says, and is sent as near as
/// it allows: a warning of kind `Fallback` where the spec asks for it.
#[test]
fn each_fallback_is_reported_where_the_spec_asks_for_it() {
    const SEARCH: &str = "/paths/~1search/get/parameters";
    const FORM: &str = "/paths/~1forms/post/requestBody/content/application~1x-www-form-urlencoded";
    const PARTS: &str = "/paths/~1uploads~1parts/post/requestBody/content/multipart~1form-data";
    let at = |base: &str, rest: &str| format!("{base}{rest}");
    let pointers = [
        at(SEARCH, "/0/style"),
        at(SEARCH, "/1/style"),
        at(SEARCH, "/2/style"),
        at(SEARCH, "/3/style"),
        at(SEARCH, "/4/schema"),
        at(SEARCH, "/5/schema"),
        at(SEARCH, "/6/content/text~1plain/schema"),
        at(SEARCH, "/7/content"),
        at(SEARCH, "/8/content/application~1xml"),
        at(FORM, "/encoding/ghost"),
        at(FORM, "/encoding/ids/style"),
        at(FORM, "/schema/properties/meta"),
        at(FORM, "/encoding/note/contentType"),
        "/paths/~1forms~1raw/post/requestBody/content/application~1x-www-form-urlencoded/schema"
            .to_owned(),
        "/paths/~1forms~1open/post/requestBody/content/application~1x-www-form-urlencoded/schema/additionalProperties"
            .to_owned(),
        "/paths/~1bodies~1unsendable/post/requestBody/content/application~1jsön".to_owned(),
        "/paths/~1bodies~1unsendable/post/requestBody/content".to_owned(),
        "/paths/~1bodies~1empty/post/requestBody/content".to_owned(),
        "/paths/~1uploads~1list/post/requestBody/content/multipart~1form-data/schema".to_owned(),
        "/paths/~1uploads~1binary/post/requestBody/content/multipart~1form-data/schema".to_owned(),
        "/paths/~1uploads~1untyped/post/requestBody/content/multipart~1form-data".to_owned(),
        "/paths/~1uploads~1open/post/requestBody/content/multipart~1form-data/schema/additionalProperties"
            .to_owned(),
        at(PARTS, "/encoding/tags/contentType"),
        at(PARTS, "/encoding/meta/contentType"),
        at(PARTS, "/encoding/file/contentType"),
        at(PARTS, "/encoding/file/headers/X-Trace"),
        "/paths/~1forms~1map/post/requestBody/content/application~1x-www-form-urlencoded/encoding"
            .to_owned(),
        "/paths/~1uploads~1tags/post/requestBody/content/multipart~1form-data/schema".to_owned(),
        "/paths/~1uploads~1mixed/post/requestBody/content/multipart~1mixed".to_owned(),
        "/paths/~1uploads~1related/post/requestBody/content/multipart~1related; type=\"application~1json\""
            .to_owned(),
    ];
    let expected: Vec<(&str, usize, &str)> = pointers
        .iter()
        .map(String::as_str)
        .zip([
            (16, "parameter `tags`: OpenAPI 3.0 does not define `style: deepObject` with `explode: true` for an array; it is sent as `name[]=a&name[]=b`"),
            (25, "parameter `single`: OpenAPI 3.0 does not define `style: deepObject` for a primitive value; it is sent as `form` writes it"),
            (31, "parameter `name`: OpenAPI 3.0 does not define `style: pipeDelimited` for a primitive value"),
            (37, "parameter `color`: OpenAPI 3.0 does not define `style: spaceDelimited` with `explode: true` for an object; it is sent as exploded `form` writes it"),
            (50, "parameter `owners`: `style: deepObject` cannot write this schema (lists of lists or of objects inside), so it is sent as JSON text"),
            (64, "parameter `nested`: `style: pipeDelimited` cannot write this schema"),
            (77, "parameter `plain`: `text/plain` content is one primitive value"),
            (85, "parameter `X-Filter`: `content` must have exactly one media type, not 2; it is sent as `application/json`"),
            (99, "parameter `xml`: the client cannot write `application/xml`"),
            (137, "`encoding` names `ghost`, which is not a property of the body; the entry is ignored"),
            (134, "form property `ids`: OpenAPI 3.0 does not define a list as a `deepObject`; it is sent as `ids[]=a&ids[]=b`"),
            (122, "form property `meta`: an object with objects or lists inside can only be written as a `deepObject`, so it is sent as JSON text"),
            (136, "form property `note`: only `application/json` (or `+json`) and `text/plain`"),
            (149, "the operation takes the body as the caller encodes it (text)"),
            (166, "in a form body, other properties (`additionalProperties`) are sent as `form` pairs"),
            (183, "this media type cannot be sent as a `Content-Type` header (only visible ASCII), so it is not offered"),
            (182, "the operation takes raw bytes, sent as `application/octet-stream`"),
            (193, "a request body with no media type that can be sent in `content`"),
            (204, "the operation takes the parts the caller builds (`Multipart`)"),
            (218, "this one is not an object"),
            (229, "a multipart body has no `schema`"),
            (245, "a multipart body with `additionalProperties`"),
            (275, "part `tags`: a list of strings, numbers or booleans has no JSON parts of one item each, so the list is sent as one JSON part"),
            (277, "part `meta`: an object or other structured value can only be written as JSON, not \"text/xml\""),
            (279, "part `file`: \"image/png é\" is not a content type"),
            (281, "part `file`: a required part header is sent only with a constant value"),
            (299, "the body is a map, whose entries are all sent as `form` pairs: its `encoding` is not applied"),
            (313, "this one is not an object with properties: the operation takes the parts the caller builds"),
            (331, "`multipart/mixed` has no part layout of its own in OpenAPI: the body is sent as `multipart/mixed` (with a boundary of its own) holding the parts `multipart/form-data` would"),
            (357, "the body is sent as `multipart/related; type=\"application/json\"`"),
        ])
        .map(|(pointer, (line, message))| (pointer, line, message))
        .collect();
    assert_warnings("fixtures/fallbacks.yaml", &expected);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fallbacks.yaml");
    let output = generate_output(&path, &Settings::default()).unwrap();
    for warning in &output.warnings {
        assert_eq!(warning.1, WarningKind::Fallback, "{warning}");
    }
}

/// The kinds are given where a warning is made: a schema not modelled, an unknown key, a
/// fallback.
#[test]
fn warnings_have_a_kind() {
    let kinds = |spec: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
        let output = generate_output(&path, &Settings::default()).unwrap();
        output.warnings.into_iter().map(|w| w.1).collect::<Vec<_>>()
    };
    let fallback = kinds("fixtures/fallback.yaml");
    assert_eq!(
        fallback
            .iter()
            .filter(|k| **k == WarningKind::Fallback)
            .count(),
        1,
        "the parameter sent as JSON text"
    );
    assert!(fallback.contains(&WarningKind::Schema));
    let keywords = kinds("fixtures/misspelled_keywords.yaml");
    assert!(keywords.iter().all(|k| *k == WarningKind::UnknownKey));
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
            (&kind, 38, &kind_m),
            (&total, 40, &total_m),
            (&lines, 44, &lines_m),
            (&price, 59, &price_m),
            (
                "/components/schemas/Order/properties/coupon/nullable",
                106,
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
                "fallbacks.yaml",
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
