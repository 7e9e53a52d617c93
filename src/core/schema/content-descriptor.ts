// content-descriptor.json of the OCI image-spec (opencontainers/image-spec@13cff54902ec9ad6320cbc487a685b66fcd67171,
// Apache-2.0), embedded as a module so the build ships it (esbuild copies no .json files).
export default {
  "description": "OpenContainer Content Descriptor Specification",
  "$schema": "http://json-schema.org/draft-04/schema#",
  "id": "https://opencontainers.org/schema/descriptor",
  "type": "object",
  "properties": {
    "mediaType": {
      "description": "the mediatype of the referenced object",
      "$ref": "defs-descriptor.json#/definitions/mediaType"
    },
    "size": {
      "description": "the size in bytes of the referenced object",
      "$ref": "defs-descriptor.json#/definitions/size"
    },
    "digest": {
      "description": "the cryptographic checksum digest of the object, in the pattern '<algorithm>:<encoded>'",
      "$ref": "defs-descriptor.json#/definitions/digest"
    },
    "urls": {
      "description": "a list of urls from which this object may be downloaded",
      "$ref": "defs-descriptor.json#/definitions/urls"
    },
    "data": {
      "description": "an embedding of the targeted content (base64 encoded)",
      "$ref": "defs.json#/definitions/base64"
    },
    "artifactType": {
      "description": "the IANA media type of this artifact",
      "$ref": "defs-descriptor.json#/definitions/mediaType"
    },
    "annotations": {
      "id": "https://opencontainers.org/schema/descriptor/annotations",
      "$ref": "defs-descriptor.json#/definitions/annotations"
    }
  },
  "required": [
    "mediaType",
    "size",
    "digest"
  ]
};
