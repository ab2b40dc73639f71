// keras.initializers: the classes, their string names and aliases (Keras's
// ALL_OBJECTS_DICT), and get / serialize / deserialize.
import { moduleApi } from "../saving/module_objects.js";
import { setInitializerLookup } from "../variables.js";
import { Constant, Identity, Initializer, Ones, Zeros } from "./initializer.js";
import { STFT } from "./stft.js";
import {
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal,
  RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
} from "./random_initializers.js";

export { Constant, Identity, Initializer, Ones, Zeros } from "./initializer.js";
export { STFT, type STFTOptions } from "./stft.js";
export {
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomInitializer,
  RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, computeFans,
  type InitSeed, type VarianceScalingOptions, type NormalInitializerOptions, type FixedScalingOptions,
} from "./random_initializers.js";

const api = moduleApi<Initializer>(
  "initializer",
  "keras.initializers",
  Initializer,
  [
    [Initializer, "Initializer"],
    [Constant, "Constant", "constant"],
    [Identity, "Identity", "IdentityInitializer", "identity"],
    [Ones, "Ones", "ones"],
    [Zeros, "Zeros", "zeros"],
    [GlorotNormal, "GlorotNormal", "glorot_normal"],
    [GlorotUniform, "GlorotUniform", "glorot_uniform"],
    [HeNormal, "HeNormal", "he_normal"],
    [HeUniform, "HeUniform", "he_uniform"],
    [LecunNormal, "LecunNormal", "lecun_normal"],
    [LecunUniform, "LecunUniform", "lecun_uniform"],
    [RandomNormal, "RandomNormal", "random_normal"],
    [TruncatedNormal, "TruncatedNormal", "truncated_normal"],
    [RandomUniform, "RandomUniform", "random_uniform"],
    [VarianceScaling, "VarianceScaling", "variance_scaling"],
    [Orthogonal, "Orthogonal", "orthogonal", "OrthogonalInitializer"],
    [STFT, "STFT", "STFTInitializer"],
  ],
  {
    uniform: RandomUniform, normal: RandomNormal, orthogonal: Orthogonal, OrthogonalInitializer: Orthogonal,
    one: Ones, zero: Zeros, STFTInitializer: STFT,
  },
  true,
);

/** Every name `get` accepts, mapped to its class. */
export const ALL_OBJECTS_DICT = api.names;

/**
 * `keras.initializers.get`: an initializer from a name (`"glorot_uniform"`,
 * `"zeros"`, `"normal"`, ...), a Keras JSON config, a class or an instance.
 *
 * @example
 * keras.initializers.get("he_normal") instanceof keras.initializers.HeNormal; // true
 */
export const get = (identifier: unknown): Initializer | null => api.get(identifier);
setInitializerLookup(get);
/**
 * `keras.initializers.serialize`: the Keras JSON form.
 *
 * @function
 * @example
 * const json = keras.initializers.serialize(new keras.initializers.Constant(2));
 * json; // { module: "keras.initializers", class_name: "Constant", config: { value: 2 }, registered_name: null }
 */
export const serialize = (initializer: Initializer): unknown => api.serialize(initializer);
/**
 * `keras.initializers.deserialize`: an initializer from its Keras JSON form.
 *
 * @function
 * @example
 * const init = keras.initializers.deserialize({ module: "keras.initializers", class_name: "Ones", config: {}, registered_name: null });
 * init.apply([2]).toArray(); // [1, 1]
 */
export const deserialize = api.deserialize;
