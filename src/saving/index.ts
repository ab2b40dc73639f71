// keras.saving: object registration and Keras-JSON serialization (what every
// layer uses); .keras / .h5 file formats come later, in their own files,
// which nothing outside saving/ imports.
export {
  registerKerasSerializable, getRegisteredName, getRegisteredObject, type CustomObjects, type Registrable,
} from "./object_registration.js";
export {
  serializeKerasObject, deserializeKerasObject, type KerasJson, type DeserializeOptions,
} from "./serialization.js";
export type { Ctor } from "./module_objects.js";
