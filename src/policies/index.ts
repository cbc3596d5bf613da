/** Pure IAM policy layer: typed documents, name validators, builders and a trust evaluator. */
export * from "./types";
export * from "./names";
export * from "./awsTrustPolicy";
export * from "./ec2MinimalPolicy";
export * from "./hyokKeyPolicy";
export * from "./evaluate";
export * from "./hcpIds";
