import Foundation

/// Validation against the official CycloneDX JSON schema, read from the Python package `cyclonedx-python-lib`
/// (installed by `scripts/setup`), which ships the schema and the SPDX and JSF schemas it references.
/// Nothing is downloaded: the references resolve to the package's own files.
extension SchemaValidator {
    /// The complaint, or nil when `document` is a valid CycloneDX BOM of `version` (e.g. `1.6`).
    public static func validateCycloneDX(_ document: Data, version: String) throws -> String? {
        let script = """
            import json, os, sys, importlib.util, jsonschema
            spec = importlib.util.find_spec("cyclonedx")
            if spec is None:
                print("Traceback: the Python package cyclonedx-python-lib is not installed (run scripts/setup)"); sys.exit(2)
            folder = os.path.join(os.path.dirname(spec.origin), "schema", "_res")
            def load(name):
                with open(os.path.join(folder, name)) as f: return json.load(f)
            # The BOM schema refers to its siblings by relative URI (spdx.SNAPSHOT.schema.json, jsf-0.82...);
            # map each sibling's URI to the package's file so nothing is fetched.
            siblings = {"http://cyclonedx.org/schema/" + name: load(name) for name in os.listdir(folder)
                        if name.endswith(".schema.json") and not name.startswith("bom-")}
            schema = load("bom-%s.SNAPSHOT.schema.json" % sys.argv[1])
            validator_class = jsonschema.validators.validator_for(schema)
            validator_class.check_schema(schema)
            try:
                from referencing import Registry, Resource
                from referencing.jsonschema import DRAFT7
                registry = Registry().with_resources([(uri, Resource.from_contents(body, default_specification=DRAFT7)) for uri, body in siblings.items()])
                validator = validator_class(schema, registry=registry, format_checker=validator_class.FORMAT_CHECKER)
            except ImportError:  # jsonschema before 4.18 (Debian 12): the older resolver with a local store
                resolver = jsonschema.RefResolver(schema["$id"], schema, store=siblings)
                validator = validator_class(schema, resolver=resolver, format_checker=validator_class.FORMAT_CHECKER)
            doc = json.load(sys.stdin)
            errors = sorted(validator.iter_errors(doc), key=str)
            print("\\n".join("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in errors)); sys.exit(1 if errors else 0)
            """
        return try complaint(PythonScript.run(script, arguments: [version], input: document))
    }
}
