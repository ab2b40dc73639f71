// keras.saving (objects part; .keras archives come later).
export {
  serializeKerasObject, deserializeKerasObject, registerKerasSerializable, getRegisteredName, getRegisteredObject,
  type KerasJson, type DeserializeOptions, type CustomObjects, type Registrable,
} from "./serialization.js";
export type { Ctor } from "./module_objects.js";
