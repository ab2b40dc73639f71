// Op codes shared by the elementwise kernels. They are compile-time
// constants: each exported kernel passes one, and inlining folds the rest.
export const ADD = 0;
export const SUB = 1;
export const MUL = 2;
export const DIV = 3;
export const MAX = 4;
export const MIN = 5;
export const POW = 6;
// Comparisons come last: `op >= EQ` means "writes bool bytes".
export const EQ = 10;
export const NE = 11;
export const GT = 12;
export const GE = 13;
export const LT = 14;
export const LE = 15;
