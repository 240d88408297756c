// I9: storage created without encryption at rest (checkov CKV_AWS_16/3/42/26/27). S3 buckets are not
// checked: since January 2023 AWS encrypts every bucket with SSE-S3 by default, so "no SSE block" is noise.
import type { Finding } from "../../domain/model.js";
import { infraRules } from "../infra/infra-rules.js";
import { asList, asMap } from "../infra/plain-data.js";
import type { TerraformBlock } from "./terraform-blocks.js";
import {
  attributeSpan,
  firstTouched,
  nestedSpan,
  reportAt,
  type TerraformScope,
  touched,
} from "./terraform-scope.js";

/** Resource types whose encryption flag must be set explicitly (the provider default is off). */
const encryptionFlags: Readonly<Record<string, { flag: string; what: string }>> = {
  aws_db_instance: {
    flag: "storage_encrypted",
    what: "its storage, automated backups, snapshots and replicas",
  },
  aws_rds_cluster: { flag: "storage_encrypted", what: "the cluster volume, backups and snapshots" },
  aws_efs_file_system: { flag: "encrypted", what: "every file on it" },
};

export function reviewEncryption(block: TerraformBlock, scope: TerraformScope): Finding[] {
  if (block.kind !== "resource") return [];
  const { address, body, type } = block;
  const findings: Finding[] = [];

  const required = encryptionFlags[type];
  // Replicas and restores inherit the source's encryption; Aurora Serverless v1 is always encrypted.
  const inherits =
    body.replicate_source_db !== undefined ||
    body.snapshot_identifier !== undefined ||
    body.engine_mode === "serverless";
  if (required !== undefined && body[required.flag] !== true && !inherits) {
    const explicit = body[required.flag] === false;
    const span = explicit
      ? touched(scope, attributeSpan(block, required.flag))
      : touched(scope, block.source?.span);
    if (span !== undefined && (explicit || body[required.flag] === undefined)) {
      findings.push(
        reportAt(scope, infraRules.unencryptedStorage, span, {
          subject: `${address}.${required.flag}`,
          message:
            `\`${address}\` ${explicit ? `sets \`${required.flag} = false\`` : `has no \`${required.flag} = true\``}, ` +
            `so ${required.what} are stored unencrypted, and encryption cannot be switched on later without ` +
            `copying the data to a new resource. Set \`${required.flag} = true\` now.`,
        }),
      );
    }
  }

  if (type === "aws_ebs_volume" && body.encrypted === false) {
    const span = touched(scope, attributeSpan(block, "encrypted"));
    if (span !== undefined) findings.push(ebsFinding(scope, span, address, `\`${address}\``));
  }
  if (type === "aws_instance") {
    for (const device of ["root_block_device", "ebs_block_device"]) {
      asList(body[device]).forEach((entry, index) => {
        if (asMap(entry)?.encrypted !== false) return;
        const span = firstTouched(
          scope,
          attributeSpan(block, "encrypted", { type: device, index }),
          nestedSpan(block, device, index),
        );
        if (span !== undefined)
          findings.push(ebsFinding(scope, span, `${address}.${device}`, `\`${device}\` of \`${address}\``));
      });
    }
  }

  // SNS has no default encryption; SQS gets SSE-SQS unless it is switched off.
  const queueUnencrypted = type === "aws_sqs_queue" && body.sqs_managed_sse_enabled === false;
  if ((type === "aws_sns_topic" || queueUnencrypted) && body.kms_master_key_id === undefined) {
    const span = firstTouched(scope, attributeSpan(block, "sqs_managed_sse_enabled"), block.source?.span);
    if (span !== undefined) {
      findings.push(
        reportAt(scope, infraRules.unencryptedStorage, span, {
          subject: `${address}.kms_master_key_id`,
          message:
            `\`${address}\` stores messages unencrypted at rest, and message bodies often carry personal data or ` +
            "tokens. Set `kms_master_key_id` (`alias/aws/sns` / `alias/aws/sqs`, or a customer-managed key).",
        }),
      );
    }
  }
  return findings;
}

function ebsFinding(
  scope: TerraformScope,
  span: { start: number; end: number },
  subject: string,
  label: string,
) {
  return reportAt(scope, infraRules.unencryptedStorage, span, {
    subject: `${subject}.encrypted`,
    message:
      `${label} sets \`encrypted = false\`: the volume and every snapshot of it are readable by anyone who ` +
      "gets a copy, and it cannot be encrypted in place. Remove the line (account-level EBS encryption) or set " +
      "`encrypted = true`.",
  });
}
