// The engine model: see engine.ts.
export { Engine, type EngineOptions } from "./engine";
export { buildProgram, resolvePlaceholders, symbolicPlaceholders, type EngineProgram, type PlaceholderTarget, type ProgramResource } from "./program";
export { toRegistrations, engineUrn, urnParts, dependencyUrns, type Registration } from "./registrations";
export { aliasCandidates } from "./aliases";
export { stepCounts, nameOf, type Operation, type PassReport, type StepFailure, type StepKind } from "./report";
export type { ResourceState, StateRecord } from "./state";
export type { PendingDelete } from "./dynamicStep";
export { registrationChanges, isAws, type RegistrationChange } from "./compare";
