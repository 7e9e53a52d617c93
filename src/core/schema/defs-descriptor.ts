// defs-descriptor.json of the OCI image-spec (opencontainers/image-spec@13cff54902ec9ad6320cbc487a685b66fcd67171,
// Apache-2.0), embedded as a module so the build ships it (esbuild copies no .json files).
export default {
  "description": "Definitions particular to OpenContainer Descriptor Specification",
  "$schema": "http://json-schema.org/draft-04/schema#",
  "definitions": {
    "mediaType": {
      "id": "https://opencontainers.org/schema/image/descriptor/mediaType",
      "type": "string",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$"
    },
    "size": {
      "type": "integer",
      "minimum": 0,
      "maximum": 9223372036854776000
    },
    "digest": {
      "description": "the cryptographic checksum digest of the object, in the pattern '<algorithm>:<encoded>'",
      "type": "string",
      "pattern": "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$"
    },
    "urls": {
      "description": "a list of urls from which this object may be downloaded",
      "type": "array",
      "items": {
        "type": "string",
        "format": "uri"
      }
    },
    "annotations": {
      "$ref": "defs.json#/definitions/mapStringString"
    }
  }
};
