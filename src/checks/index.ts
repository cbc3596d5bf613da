// The end-to-end trust check: a speculative, plan-only run of a read-only probe (knows nothing of Pulumi).
export * from "./probes";
export * from "./archive";
export * from "./causes";
export * from "./poll";
export * from "./verdict";
export * from "./trustCheck";
