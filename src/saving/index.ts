// keras.saving: object registration and Keras-JSON serialization (what every
// layer uses), and the file functions (saving_api.ts), whose formats load
// lazily and which nothing outside saving/ imports.
export {
  registerKerasSerializable, getRegisteredName, getRegisteredObject, type CustomObjects, type Registrable,
} from "./object_registration.js";
export {
  serializeKerasObject, deserializeKerasObject, type KerasJson, type DeserializeOptions,
} from "./serialization.js";
export { saveModel, loadModel, saveWeights, loadWeights, type LoadModelOptions } from "./saving_api.js";
export type { Ctor } from "./module_objects.js";
