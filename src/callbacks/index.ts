// keras.callbacks: hooks into fit / evaluate / predict.
export { Callback, type Logs, type CallbackModel, type CallbackParams, type CallbackOptimizer } from "./callback.js";
export { History } from "./history.js";
export { ProgbarLogger, type ProgbarLoggerOptions } from "./progbar_logger.js";
export { Progbar, type ProgbarOptions, type Writer } from "./progbar.js";
export { MonitorCallback, type MonitorMode } from "./monitor_callback.js";
export { EarlyStopping, type EarlyStoppingOptions } from "./early_stopping.js";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce_lr_on_plateau.js";
export { LearningRateScheduler, type EpochSchedule } from "./learning_rate_scheduler.js";
export { LambdaCallback, type LambdaCallbackOptions } from "./lambda_callback.js";
export { TerminateOnNaN } from "./terminate_on_nan.js";
