/**
 * `@asyncactor/core/internal`: building blocks for the sibling packages of
 * this repository (`@asyncactor/testing`, the transports). Unstable: it may
 * change in any release. Applications use `@asyncactor/core`.
 *
 * (A placeholder until the core reorganisation fills it.)
 *
 * @module
 */
export {};
