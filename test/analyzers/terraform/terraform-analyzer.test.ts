import { describe, expect, it } from "vitest";
import { terraformAnalyzer } from "../../../src/analyzers/terraform/terraform-analyzer.js";
import type { ChangedFile, Finding } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";
import { infraFixture } from "../infra/infra-fixture.js";

const review = (file: ChangedFile, files: ChangedFile[] = [file]) =>
  terraformAnalyzer.analyze(file, { files });
const added = (name: string, path = "infra/main.tf") => addedFile(path, infraFixture(`terraform/${name}`));
const summary = (findings: Finding[]) =>
  findings.map((finding) => [finding.ruleId, finding.line, finding.side, finding.severity, finding.subject]);

describe("terraformAnalyzer", () => {
  it("applies to .tf files and reads base and head (removals need the base)", () => {
    const applies = (path: string) => terraformAnalyzer.appliesTo(addedFile(path, ""));
    expect(applies("infra/main.tf")).toBe(true);
    expect(applies("infra/prod.tfvars")).toBe(false);
    expect(applies("infra/.terraform.lock.hcl")).toBe(false);
    expect(terraformAnalyzer.needs).toEqual({ base: true, head: true });
  });

  it('I8: flags public ACLs, public-access-block gaps, Principal "*", internet ingress and public databases', async () => {
    const { findings, notes } = await review(added("exposure.bad.tf"));
    expect(notes).toEqual([]);
    expect(summary(findings)).toEqual([
      ["tf/public-exposure", 3, "RIGHT", "blocker", "aws_s3_bucket.assets.acl"],
      [
        "tf/public-exposure",
        8,
        "RIGHT",
        "blocker",
        "aws_s3_bucket_public_access_block.assets public access block",
      ],
      ["tf/public-exposure", 14, "RIGHT", "blocker", "aws_s3_bucket_policy.assets.policy"],
      ["tf/public-exposure", 28, "RIGHT", "blocker", "aws_security_group.bastion ingress 22-22"],
      ["tf/public-exposure", 36, "RIGHT", "major", "aws_security_group.bastion ingress 443-443"],
      [
        "tf/public-exposure",
        45,
        "RIGHT",
        "blocker",
        "aws_vpc_security_group_ingress_rule.postgres ingress all",
      ],
      ["tf/public-exposure", 56, "RIGHT", "blocker", "aws_db_instance.reporting.publicly_accessible"],
    ]);
    // SSH to the world asks; HTTPS to the world (a load balancer, usually) only comments.
    expect(findings[3]?.haltQuestion).toBe(
      "This opens `aws_security_group.bastion` on port 22 to 0.0.0.0/0. Is public access intended? What " +
        "compensating control applies?",
    );
    expect(findings[4]?.haltQuestion).toBeUndefined();
  });

  it("I8: stays quiet on private buckets, CloudFront-scoped policies, office CIDRs and ICMP", async () => {
    expect(await review(added("exposure.good.tf"))).toEqual({ findings: [], notes: [] });
  });

  it("I9: flags unencrypted RDS (missing flag), EBS and root volumes (false), SNS and SSE-less SQS", async () => {
    const { findings } = await review(added("encryption.bad.tf"));
    expect(summary(findings)).toEqual([
      ["tf/unencrypted-storage", 1, "RIGHT", "major", "aws_db_instance.orders.storage_encrypted"],
      ["tf/unencrypted-storage", 10, "RIGHT", "major", "aws_ebs_volume.scratch.encrypted"],
      ["tf/unencrypted-storage", 17, "RIGHT", "major", "aws_instance.worker.root_block_device.encrypted"],
      ["tf/unencrypted-storage", 21, "RIGHT", "major", "aws_sns_topic.events.kms_master_key_id"],
      ["tf/unencrypted-storage", 27, "RIGHT", "major", "aws_sqs_queue.jobs.kms_master_key_id"],
    ]);
    expect(await review(added("encryption.good.tf"))).toEqual({ findings: [], notes: [] });
  });

  it("I10: flags provider keys, admin wildcards (heredoc, jsonencode, policy document) and Lambda secrets", async () => {
    const { findings } = await review(added("iam.bad.tf"));
    expect(summary(findings)).toEqual([
      ["tf/iam-wildcard-or-static-creds", 3, "RIGHT", "blocker", "provider.aws.access_key"],
      ["tf/iam-wildcard-or-static-creds", 4, "RIGHT", "blocker", "provider.aws.secret_key"],
      ["tf/iam-wildcard-or-static-creds", 9, "RIGHT", "blocker", "aws_iam_policy.deployer.policy"],
      ["tf/iam-wildcard-or-static-creds", 19, "RIGHT", "blocker", "aws_iam_role_policy.ci.policy"],
      [
        "tf/iam-wildcard-or-static-creds",
        30,
        "RIGHT",
        "blocker",
        "data.aws_iam_policy_document.admin.statement[1]",
      ],
      ["tf/iam-wildcard-or-static-creds", 43, "RIGHT", "blocker", "aws_lambda_function.api.environment"],
    ]);
    for (const finding of findings) expect(finding.message).not.toMatch(/not-a-real|AKIA/);
    expect(await review(added("iam.good.tf"))).toEqual({ findings: [], notes: [] });
  });

  describe("I11 destroyed stateful resources", () => {
    const destroy = changedFile(
      "infra/main.tf",
      infraFixture("terraform/destroy.base.tf"),
      infraFixture("terraform/destroy.head.tf"),
    );
    const sibling = addedFile("infra/dynamodb.tf", infraFixture("terraform/moved-elsewhere.tf"));

    it("asks about removed or renamed resources (LEFT side), lost safeguards, and trusts moved {} blocks", async () => {
      const { findings } = await review(destroy, [destroy, sibling]);
      expect(summary(findings)).toEqual([
        ["tf/stateful-resource-destroy", 6, "RIGHT", "blocker", "aws_db_instance.main.deletion_protection"],
        ["tf/stateful-resource-destroy", 7, "RIGHT", "blocker", "aws_db_instance.main.skip_final_snapshot"],
        ["tf/stateful-resource-destroy", 9, "LEFT", "blocker", "aws_db_instance.main.prevent_destroy"],
        ["tf/stateful-resource-destroy", 13, "LEFT", "blocker", "aws_s3_bucket.uploads"],
      ]);
      const renamed = findings[3];
      expect(renamed?.haltQuestion).toBe(
        "Removing or renaming `aws_s3_bucket.uploads` makes Terraform destroy `aws_s3_bucket`. Is a `moved {}` " +
          "block, an import or a final backup planned?",
      );
      expect(renamed?.message).toContain(
        "`moved { from = aws_s3_bucket.uploads  to = aws_s3_bucket.user_uploads }`",
      );
      // Every removal anchors on a deleted line of the base file, where GitHub accepts a LEFT comment.
      for (const finding of findings.filter((f) => f.side === "LEFT")) {
        expect(destroy.commentable.LEFT.has(finding.line ?? 0)).toBe(true);
      }
    });

    it("treats a resource that moved to another file of the same module as kept, and one that did not as destroyed", async () => {
      const alone = await review(destroy, [destroy]);
      expect(alone.findings.map((finding) => finding.subject)).toContain("aws_dynamodb_table.sessions");
      const together = await review(destroy, [destroy, sibling]);
      expect(together.findings.map((finding) => finding.subject)).not.toContain(
        "aws_dynamodb_table.sessions",
      );
      const otherModule = addedFile("infra/other/dynamodb.tf", infraFixture("terraform/moved-elsewhere.tf"));
      const elsewhere = await review(destroy, [destroy, otherModule]);
      expect(elsewhere.findings.map((finding) => finding.subject)).toContain("aws_dynamodb_table.sessions");
    });

    it("asks about every stateful resource of a deleted file", async () => {
      const deleted = changedFile("infra/main.tf", infraFixture("terraform/destroy.base.tf"), undefined);
      const { findings } = await review(deleted);
      expect(summary(findings)).toEqual([
        ["tf/stateful-resource-destroy", 1, "LEFT", "blocker", "aws_db_instance.main"],
        ["tf/stateful-resource-destroy", 13, "LEFT", "blocker", "aws_s3_bucket.uploads"],
        ["tf/stateful-resource-destroy", 17, "LEFT", "blocker", "aws_dynamodb_table.sessions"],
        ["tf/stateful-resource-destroy", 23, "LEFT", "blocker", "aws_s3_bucket.logs"],
      ]);
    });

    it("asks when count/for_each changes a stateful resource's address, unless a moved {} block covers it", async () => {
      const base = infraFixture("terraform/count.base.tf");
      const head = infraFixture("terraform/count.head.tf");
      const { findings } = await review(changedFile("main.tf", base, head));
      expect(summary(findings)).toEqual([
        ["tf/stateful-resource-destroy", 2, "RIGHT", "blocker", "aws_efs_file_system.shared instance keys"],
      ]);
      const moved = `${head}\nmoved {\n  from = aws_efs_file_system.shared\n  to   = aws_efs_file_system.shared[0]\n}\n`;
      expect((await review(changedFile("main.tf", base, moved))).findings).toEqual([]);
    });

    it("is quiet when nothing stateful goes away", async () => {
      const base = infraFixture("terraform/destroy.base.tf");
      expect((await review(changedFile("main.tf", base, base))).findings).toEqual([]);
    });
  });

  it("reports only blocks the PR changed: a new ingress rule, not the legacy one next to it", async () => {
    const file = changedFile(
      "main.tf",
      infraFixture("terraform/legacy.base.tf"),
      infraFixture("terraform/legacy.head.tf"),
    );
    expect(summary((await review(file)).findings)).toEqual([
      ["tf/public-exposure", 12, "RIGHT", "blocker", "aws_security_group.legacy ingress 5432-5432"],
    ]);
  });

  it("turns invalid HCL into one note naming the file and the line", async () => {
    expect(await review(added("invalid.tf"))).toEqual({
      findings: [],
      notes: [
        {
          path: "infra/main.tf",
          message:
            "`infra/main.tf`: could not parse Terraform at line 2 (Invalid expression; Expected the start of an " +
            "expression, but found an invalid expression token); it was not checked.",
        },
      ],
    });
  });
});
