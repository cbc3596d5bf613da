// 0.2 kept the AWS component here; it lives in src/clouds/aws now.
export * from "../clouds/aws";
