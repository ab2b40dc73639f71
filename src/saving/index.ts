// keras.saving (objects part; .keras archives come later).
export {
  serializeKerasObject, deserializeKerasObject, registerKerasSerializable, getRegisteredName, getRegisteredObject,
  type KerasJson, type DeserializeOptions, type CustomObjects,
} from "./serialization.js";
