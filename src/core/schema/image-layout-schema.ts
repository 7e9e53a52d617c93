// image-layout-schema.json of the OCI image-spec (opencontainers/image-spec@13cff54902ec9ad6320cbc487a685b66fcd67171,
// Apache-2.0), embedded as a module so the build ships it (esbuild copies no .json files).
export default {
  "description": "OpenContainer Image Layout Schema",
  "$schema": "http://json-schema.org/draft-04/schema#",
  "id": "https://opencontainers.org/schema/image/layout",
  "type": "object",
  "properties": {
    "imageLayoutVersion": {
      "description": "version of the OCI Image Layout (in the oci-layout file)",
      "type": "string",
      "enum": [
        "1.0.0"
      ]
    }
  },
  "required": [
    "imageLayoutVersion"
  ]
};
