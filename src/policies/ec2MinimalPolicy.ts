/**
 * The verified minimal EC2 permissions (trust-model.md, seed scenario): provisions and destroys one
 * instance in a default VPC. The Describe actions are what the AWS provider reads on every plan.
 */
import type { PolicyDocument } from "./types";

const EC2_MINIMAL_ACTIONS: readonly string[] = Object.freeze([
    "ec2:DescribeImages",
    "ec2:DescribeVpcs",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeVpcClassicLink",
    "ec2:DescribeVpcClassicLinkDnsSupport",
    "ec2:DescribeSubnets",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeAccountAttributes",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeInstances",
    "ec2:DescribeInstanceAttribute",
    "ec2:DescribeInstanceStatus",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstanceCreditSpecifications",
    "ec2:DescribeVolumes",
    "ec2:DescribeTags",
    "ec2:RunInstances",
    "ec2:TerminateInstances",
    "ec2:CreateTags",
    "ec2:DeleteTags",
]);

/** The 24 verified actions, in the verified order (a fresh array). */
export function ec2MinimalActions(): string[] {
    return [...EC2_MINIMAL_ACTIONS];
}

/** The 20 `ec2:Describe*` actions of the verified list, in order (for a plan-only role). */
export function ec2ReadOnlyActions(): string[] {
    return EC2_MINIMAL_ACTIONS.filter((action) => action.startsWith("ec2:Describe"));
}

export interface Ec2PolicyOptions {
    /** Only the Describe actions: the permissions of a split plan role. */
    readOnly?: boolean;
}

/** `{ Version, Statement: [{ Effect: "Allow", Action: [...], Resource: "*" }] }`, verbatim. */
export function ec2MinimalPolicy(options: Ec2PolicyOptions = {}): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: options.readOnly ? ec2ReadOnlyActions() : ec2MinimalActions(),
                Resource: "*",
            },
        ],
    };
}
