// I8: public buckets, internet ingress and publicly accessible databases (checkov CKV_AWS_20/57/53-56/70/24/25/17).
import type { Finding } from "../../domain/model.js";
import { infraRules } from "../infra/infra-rules.js";
import type { LineSpan } from "../infra/line-span.js";
import { asList, asMap } from "../infra/plain-data.js";
import { adminPorts, databasePorts } from "../infra/service-ports.js";
import { withSeverity } from "../infra/with-severity.js";
import { policyStatements } from "./policy-statements.js";
import type { TerraformBlock } from "./terraform-blocks.js";
import {
  attributeSpan,
  firstTouched,
  literalString,
  nestedSpan,
  reportAt,
  type TerraformScope,
  touched,
} from "./terraform-scope.js";

const publicAcls = new Set(["public-read", "public-read-write", "authenticated-read"]);
const publicAccessFlags = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
];
const anywhere = new Set(["0.0.0.0/0", "::/0"]);

function question(resource: string, what: string): string {
  return `This opens \`${resource}\` ${what}. Is public access intended? What compensating control applies?`;
}

export async function reviewExposure(block: TerraformBlock, scope: TerraformScope): Promise<Finding[]> {
  if (block.kind !== "resource") return [];
  const findings: Finding[] = [];
  const { address, body, type } = block;

  const acl = literalString(body.acl);
  const aclSpan = touched(scope, attributeSpan(block, "acl"));
  if ((type === "aws_s3_bucket" || type === "aws_s3_bucket_acl") && acl && publicAcls.has(acl) && aclSpan) {
    const audience = acl === "authenticated-read" ? "every AWS account" : "anyone on the internet";
    findings.push(
      reportAt(scope, infraRules.publicExposure, aclSpan, {
        subject: `${address}.acl`,
        message:
          `\`acl = "${acl}"\` on \`${address}\` lets ${audience} list and read its objects; scanners find ` +
          "such buckets within hours. Keep the bucket private and serve public files through CloudFront with " +
          "origin access control.",
        haltQuestion: question(address, `to ${audience} (\`acl = "${acl}"\`)`),
      }),
    );
  }

  if (type === "aws_s3_bucket_public_access_block" || type === "aws_s3_account_public_access_block") {
    // A flag left out defaults to false, as bad as writing it.
    const off = publicAccessFlags.filter((flag) => body[flag] === false || body[flag] === undefined);
    const span = firstTouched(scope, ...off.map((flag) => attributeSpan(block, flag)), block.source?.span);
    if (off.length > 0 && span !== undefined) {
      findings.push(
        reportAt(scope, infraRules.publicExposure, span, {
          subject: `${address} public access block`,
          message:
            `\`${address}\` leaves ${off.map((flag) => `\`${flag}\``).join(", ")} off, so a public ACL or ` +
            "bucket policy added later (by anyone, from any tool) takes effect. Set all four flags to `true`.",
          haltQuestion:
            `This turns off parts of the public access block \`${address}\`, so its buckets can be made ` +
            "public. Is public access intended? What compensating control applies?",
        }),
      );
    }
  }

  if (type === "aws_s3_bucket_policy" || type === "aws_s3_bucket") {
    findings.push(...(await reviewBucketPolicy(block, scope)));
  }

  findings.push(...reviewIngress(block, scope));

  const publicSpan =
    body.publicly_accessible === true
      ? touched(scope, attributeSpan(block, "publicly_accessible"))
      : undefined;
  if (publicSpan !== undefined) {
    findings.push(
      reportAt(scope, infraRules.publicExposure, publicSpan, {
        subject: `${address}.publicly_accessible`,
        message:
          `\`publicly_accessible = true\` gives \`${address}\` a public DNS name and IP: its only protection ` +
          "left is the security group and the password. Set it to `false` and connect through the VPC " +
          "(bastion, VPN, SSM port forwarding).",
        haltQuestion: question(address, "to the internet (`publicly_accessible = true`)"),
      }),
    );
  }
  return findings;
}

async function reviewBucketPolicy(block: TerraformBlock, scope: TerraformScope): Promise<Finding[]> {
  const statements = await policyStatements(block.body.policy, scope.file.json);
  const open = statements?.some(
    (statement) =>
      statement.effect === "Allow" && statement.principals.includes("*") && !statement.conditional,
  );
  if (open !== true) return [];
  const referenced = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(
    String(block.body.policy),
  )?.[1];
  const document = scope.file.blocks.find(
    (candidate) =>
      candidate.kind === "data" &&
      candidate.type === "aws_iam_policy_document" &&
      candidate.name === referenced,
  );
  const span = firstTouched(scope, attributeSpan(block, "policy"), document?.source?.span);
  if (span === undefined) return [];
  return [
    reportAt(scope, infraRules.publicExposure, span, {
      subject: `${block.address}.policy`,
      message:
        `The policy of \`${block.address}\` allows \`Principal: "*"\` without a \`Condition\`, so anyone on the ` +
        "internet can perform its actions. Name the principals (account or role ARNs), or add a condition " +
        "such as `aws:SourceVpce` or `aws:PrincipalOrgID`.",
      haltQuestion: question(block.address, 'to everyone (`Principal: "*"`)'),
    }),
  ];
}

interface IngressRule {
  body: Record<string, unknown>;
  span: LineSpan | undefined;
  label: string;
}

/** Inline `ingress {}` blocks, `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule`. */
function ingressRules(block: TerraformBlock): IngressRule[] {
  const { body, type } = block;
  if (type === "aws_security_group") {
    return asList(body.ingress).flatMap((entry, index) => {
      const rule = asMap(entry);
      if (rule === undefined) return [];
      // `ingress = [{ … }]` (attribute syntax) has no block to point at: the attribute stands for all.
      const span = nestedSpan(block, "ingress", index) ?? attributeSpan(block, "ingress");
      return [{ body: rule, span, label: block.address }];
    });
  }
  if (type === "aws_security_group_rule" && body.type === "ingress") {
    return [{ body, span: block.source?.span, label: block.address }];
  }
  if (type === "aws_vpc_security_group_ingress_rule") {
    return [{ body, span: block.source?.span, label: block.address }];
  }
  return [];
}

function reviewIngress(block: TerraformBlock, scope: TerraformScope): Finding[] {
  const findings: Finding[] = [];
  for (const rule of ingressRules(block)) {
    const { body } = rule;
    const sources = [
      ...strings(body.cidr_blocks),
      ...strings(body.ipv6_cidr_blocks),
      ...strings(body.cidr_ipv4),
      ...strings(body.cidr_ipv6),
    ];
    const source = sources.find((cidr) => anywhere.has(cidr));
    const span = touched(scope, rule.span);
    if (source === undefined || span === undefined) continue;

    const ports = portRange(body);
    if (ports.kind === "icmp") continue; // ping and path-MTU discovery, not a service
    const exposed = exposedServices(ports);
    const subject = `${rule.label} ingress ${ports.kind === "range" ? `${ports.from}-${ports.to}` : ports.kind}`;
    if (exposed !== undefined) {
      findings.push(
        reportAt(scope, infraRules.publicExposure, span, {
          subject,
          message:
            `\`${rule.label}\` allows \`${source}\` ${describePorts(ports)}, exposing ${exposed} to the whole ` +
            "internet, where it is brute-forced around the clock. Allow only known CIDRs or a bastion/VPN " +
            "security group (or use SSM Session Manager instead of SSH).",
          haltQuestion: question(rule.label, `${describePorts(ports)} to ${source}`),
        }),
      );
    } else {
      // A public web port is usually the point of a load balancer: worth a look, not a HALT.
      findings.push(
        withSeverity(
          reportAt(scope, infraRules.publicExposure, span, {
            subject,
            message:
              `\`${rule.label}\` allows \`${source}\` ${describePorts(ports)}. If this is not a public load ` +
              "balancer or edge service, restrict the source to known CIDRs or a security group.",
          }),
          "major",
        ),
      );
    }
  }
  return findings;
}

type Ports =
  | { kind: "all" }
  | { kind: "range"; from: number; to: number }
  | { kind: "unknown" }
  | { kind: "icmp" };

function portRange(body: Record<string, unknown>): Ports {
  const protocol = String(body.protocol ?? body.ip_protocol ?? "tcp").toLowerCase();
  if (protocol === "-1" || protocol === "all") return { kind: "all" };
  if (["icmp", "icmpv6", "1", "58"].includes(protocol)) return { kind: "icmp" };
  const from = Number(body.from_port);
  const to = Number(body.to_port ?? body.from_port);
  if (!Number.isInteger(from) || !Number.isInteger(to)) return { kind: "unknown" };
  if (from <= 0 && to >= 65535) return { kind: "all" };
  return { kind: "range", from, to };
}

function describePorts(ports: Ports): string {
  if (ports.kind === "all") return "on every port";
  if (ports.kind === "unknown" || ports.kind === "icmp") return "on ports set elsewhere";
  return ports.from === ports.to ? `on port ${ports.from}` : `on ports ${ports.from}-${ports.to}`;
}

/** Admin and database services in the range, named; `undefined` when none is. */
function exposedServices(ports: Ports): string | undefined {
  if (ports.kind === "all") return "SSH, RDP, databases and every other service";
  if (ports.kind === "unknown" || ports.kind === "icmp") return undefined;
  const named = [...adminPorts, ...databasePorts]
    .filter(([port]) => port >= ports.from && port <= ports.to)
    .map(([port, name]) => `${name} (${port})`);
  if (named.length === 0) return undefined;
  return named.length > 3 ? `${named.slice(0, 3).join(", ")} and ${named.length - 3} more` : named.join(", ");
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return asList(value).filter((item): item is string => typeof item === "string");
}
