import { describe, expect, it } from "vitest";
import { ormModelAnalyzer } from "../../../src/analyzers/orm/orm-model-analyzer.js";
import { toChangedFile } from "../../../src/diff/to-changed-file.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, rawChangedFile } from "../../helpers/changed-file.js";

/** A model file as the pipeline sees it: classified from its head content, both sides read. */
function modelFile(path: string, base: string | undefined, head: string): ChangedFile {
  const file = toChangedFile(rawChangedFile(path, base, head), head);
  if (base !== undefined) file.baseContent = base;
  return file;
}

async function review(file: ChangedFile, others: ChangedFile[] = []) {
  expect(ormModelAnalyzer.appliesTo(file)).toBe(true);
  const result = await ormModelAnalyzer.analyze(file, { files: [file, ...others] });
  expect(result.notes).toEqual([]);
  return result.findings.map((finding) => ({
    ruleId: finding.ruleId,
    path: finding.path,
    line: finding.line,
    side: finding.side,
    message: finding.message,
  }));
}

const tail = (tool: string) =>
  ", but the PR adds no migration: the code deploys against a database that does not have this change, and the " +
  `next generated migration carries it unreviewed. Create it with ${tool}, review it, and commit it with this change.`;
const alembic = tail('`alembic revision --autogenerate -m "…"` (Flask-Migrate: `flask db migrate`)');
const typeorm = tail("`typeorm migration:generate` (with your data source)");
const sequelize = tail("`npx sequelize-cli migration:generate --name …` (then fill in its `up` and `down`)");
const goTools = tail(
  "`migrate create -ext sql -dir migrations …` (golang-migrate), `goose create … sql` or `soda generate sql …`",
);
const rails = tail("`bin/rails generate migration …`");
const rule = "db/orm-change-without-migration";

describe("ormModelAnalyzer: SQLAlchemy", () => {
  const path = "app/models/order.py";
  const before = [
    "from sqlalchemy import Column, String",
    "from sqlalchemy.orm import Mapped, mapped_column, relationship",
    "",
    "from app.db import Base",
    "",
    "",
    "class Order(Base):",
    '    __tablename__ = "orders"',
    "",
    "    id: Mapped[int] = mapped_column(primary_key=True)",
    "    status = Column(String(20), nullable=False)",
    '    customer = relationship("Customer", back_populates="orders")',
    "",
    "    def label(self):",
    '        return f"#{self.id}"',
    "",
  ].join("\n");
  const after = before.replace(
    "    status = Column(String(20), nullable=False)\n",
    "    status = Column(String(40), nullable=False)\n    total: Mapped[int] = mapped_column(default=0)\n",
  );

  it("fires on an added mapped column and a retyped Column, at the first changed line", async () => {
    expect(await review(modelFile(path, before, after))).toEqual([
      {
        ruleId: rule,
        path,
        line: 11,
        side: "RIGHT",
        message: `\`Order\` adds column \`total\` and changes column \`status\`${alembic}`,
      },
    ]);
  });

  it("fires on Flask-SQLAlchemy's `__table_args__`", async () => {
    const flask = (args: string) =>
      `from app import db\n\n\nclass User(db.Model):\n    email = db.Column(db.String(120))\n    __table_args__ = (${args},)\n`;
    const file = modelFile(
      "app/models/user.py",
      flask('db.Index("ix_email", "email")'),
      flask('db.Index("ix_email", "email", unique=True)'),
    );
    expect(await review(file)).toEqual([
      {
        ruleId: rule,
        path: "app/models/user.py",
        line: 6,
        side: "RIGHT",
        message: `\`User\` changes table option \`__table_args__\`${alembic}`,
      },
    ]);
  });

  it("stays quiet with an Alembic revision in the PR", async () => {
    const revision = addedFile("alembic/versions/3f2a9c_order_total.py", 'revision = "3f2a9c"\n');
    expect(await review(modelFile(path, before, after), [revision])).toEqual([]);
  });

  it("stays quiet when only comments, methods and relationships change", async () => {
    const cosmetic = before
      .replace("nullable=False)", "nullable=False)  # shown on invoices")
      .replace('f"#{self.id}"', 'f"Order #{self.id}"')
      .replace('back_populates="orders")', 'back_populates="orders", lazy="selectin")');
    expect(await review(modelFile(path, before, cosmetic))).toEqual([]);
  });
});

describe("ormModelAnalyzer: TypeORM", () => {
  const path = "src/entities/order.entity.ts";
  const before = [
    'import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from "typeorm";',
    'import { Customer } from "./customer.entity";',
    "",
    '@Entity("orders")',
    "export class Order {",
    "  @PrimaryGeneratedColumn()",
    "  id: number;",
    "",
    "  @Column({ length: 20 })",
    "  status: string;",
    "",
    "  @OneToMany(() => Line, (line) => line.order)",
    "  lines: Line[];",
    "",
    "  label(): string {",
    '    return "#" + this.id;',
    "  }",
    "}",
    "",
  ].join("\n");
  const after = before.replace(
    "  @OneToMany(",
    '  @ManyToOne(() => Customer)\n  @JoinColumn({ name: "customer_id" })\n  customer: Customer;\n\n  @OneToMany(',
  );

  it("fires on an owning-side relation with its join column", async () => {
    expect(await review(modelFile(path, before, after))).toEqual([
      {
        ruleId: rule,
        path,
        line: 12,
        side: "RIGHT",
        message: `\`Order\` adds column \`customer\`${typeorm}`,
      },
    ]);
  });

  it("anchors a removed column on its deleted decorator line", async () => {
    const without = before.replace("  @Column({ length: 20 })\n  status: string;\n\n", "");
    expect(await review(modelFile(path, before, without))).toEqual([
      { ruleId: rule, path, line: 9, side: "LEFT", message: `\`Order\` removes column \`status\`${typeorm}` },
    ]);
  });

  it("stays quiet with a TypeORM migration in the PR", async () => {
    const migration = addedFile(
      "src/migrations/1700000000000-OrderCustomer.ts",
      "export class OrderCustomer1700000000000 implements MigrationInterface {}\n",
    );
    expect(await review(modelFile(path, before, after), [migration])).toEqual([]);
  });

  it("does not take another ORM's migration for one", async () => {
    const revision = addedFile("alembic/versions/3f2a9c_x.py", 'revision = "3f2a9c"\n');
    expect(await review(modelFile(path, before, after), [revision])).toHaveLength(1);
  });

  it("stays quiet on methods, comments and inverse-side relations", async () => {
    const cosmetic = before
      .replace('return "#" + this.id;', 'return "Order #" + this.id;')
      .replace("  @Column({ length: 20 })", "  /** Workflow state. */\n  @Column({\n    length: 20,\n  })")
      .replace(
        "  label(): string {",
        "  @OneToMany(() => Refund, (refund) => refund.order)\n  refunds: Refund[];\n\n  label(): string {",
      );
    expect(await review(modelFile(path, before, cosmetic))).toEqual([]);
  });
});

describe("ormModelAnalyzer: Sequelize", () => {
  const path = "server/models/order.js";
  const before = [
    'const { DataTypes, Model } = require("sequelize");',
    'const sequelize = require("../db");',
    "",
    "class Order extends Model {}",
    "",
    "Order.init(",
    "  {",
    "    status: { type: DataTypes.STRING(20), allowNull: false },",
    "    note: DataTypes.TEXT,",
    "  },",
    '  { sequelize, tableName: "orders" },',
    ");",
    "",
    "module.exports = Order;",
    "",
  ].join("\n");
  const widened = before.replace("STRING(20)", "STRING(40)");

  it("fires on a retyped attribute of `Model.init`", async () => {
    expect(await review(modelFile(path, before, widened))).toEqual([
      {
        ruleId: rule,
        path,
        line: 8,
        side: "RIGHT",
        message: `\`Order\` changes column \`status\`${sequelize}`,
      },
    ]);
  });

  it("fires on an attribute added to `sequelize.define`", async () => {
    const define = (attributes: string) =>
      `const { DataTypes } = require("sequelize");\n\nmodule.exports = (sequelize) =>\n  sequelize.define("Tag", {\n    name: DataTypes.STRING,${attributes}\n  });\n`;
    const file = modelFile(
      "server/models/tag.js",
      define(""),
      define("\n    slug: { type: DataTypes.STRING, unique: true },"),
    );
    expect(await review(file)).toEqual([
      {
        ruleId: rule,
        path: "server/models/tag.js",
        line: 6,
        side: "RIGHT",
        message: `\`Tag\` adds column \`slug\`${sequelize}`,
      },
    ]);
  });

  it("fires on a sequelize-typescript column, not on its validations", async () => {
    const model = (fields: string) =>
      `import { Column, DataType, Length, Model, Table } from "sequelize-typescript";\n\n@Table({ tableName: "groups" })\nclass Group extends Model {\n  @Length({ max: 255 })\n  @Column\n  name: string;\n${fields}}\n\nexport default Group;\n`;
    const groupPath = "server/models/Group.ts";
    const described = model("\n  @Column(DataType.TEXT)\n  description: string;\n");
    expect(await review(modelFile(groupPath, model(""), described))).toEqual([
      {
        ruleId: rule,
        path: groupPath,
        line: 9,
        side: "RIGHT",
        message: `\`Group\` adds column \`description\`${sequelize}`,
      },
    ]);
    const revalidated = model("").replace("@Length({ max: 255 })", "@Length({ max: 100 })");
    expect(await review(modelFile(groupPath, model(""), revalidated))).toEqual([]);
  });

  it("stays quiet with a sequelize-cli migration in the PR", async () => {
    const migration = addedFile("server/migrations/20240101000000-widen-status.js", "module.exports = {};\n");
    expect(await review(modelFile(path, before, widened), [migration])).toEqual([]);
  });

  it("does not take other `init` and `define` calls for models", async () => {
    const other = (lng: string) =>
      `const { DataTypes, Model } = require("sequelize");\n\nclass Order extends Model {}\nOrder.init({ status: DataTypes.STRING }, { sequelize });\ni18n.init({ lng: "${lng}", fallbackLng: "en" });\ncustomElements.define("x-${lng}", { label: DataTypes.${lng === "en" ? "STRING" : "TEXT"} });\n`;
    expect(await review(modelFile("server/models/setup.js", other("en"), other("de")))).toEqual([]);
  });

  it("stays quiet when only validations and comments change", async () => {
    const validated = before
      .replace(
        "allowNull: false },",
        'allowNull: false, validate: { isIn: [["new", "paid"]] } }, // workflow state',
      )
      .replace(
        "module.exports = Order;",
        "Order.prototype.label = function () {\n  return this.status;\n};\n\nmodule.exports = Order;",
      );
    expect(await review(modelFile(path, before, validated))).toEqual([]);
  });
});

describe("ormModelAnalyzer: GORM and pop", () => {
  const path = "internal/models/order.go";
  const before = [
    "package models",
    "",
    'import "gorm.io/gorm"',
    "",
    "type Order struct {",
    "\tgorm.Model",
    '\tStatus string `gorm:"size:20;not null" json:"status"`',
    '\tLines  []Line `json:"lines"`',
    "}",
    "",
    "func (o *Order) Label() string { return o.Status }",
    "",
  ].join("\n");
  const after = before.replace(
    '\tStatus string `gorm:"size:20;not null" json:"status"`\n',
    '\tStatus string `gorm:"size:40;not null" json:"status"`\n\tTotal  int64  `json:"total"`\n',
  );

  it("fires on a changed gorm tag and an added field", async () => {
    expect(await review(modelFile(path, before, after))).toEqual([
      {
        ruleId: rule,
        path,
        line: 7,
        side: "RIGHT",
        message: `\`Order\` adds column \`Total\` and changes column \`Status\`${goTools}`,
      },
    ]);
  });

  it("fires on a pop `db:` column", async () => {
    const user = (fields: string) =>
      `package models\n\ntype User struct {\n\tID    uuid.UUID \`json:"id" db:"id"\`\n\tEmail string    \`json:"email" db:"email"\`${fields}\n}\n`;
    const file = modelFile(
      "internal/models/user.go",
      user(""),
      user('\n\tPhone string    `json:"phone" db:"phone"`'),
    );
    expect(await review(file)).toEqual([
      {
        ruleId: rule,
        path: "internal/models/user.go",
        line: 6,
        side: "RIGHT",
        message: `\`User\` adds column \`phone\`${goTools}`,
      },
    ]);
  });

  it("stays quiet with an up migration in the PR", async () => {
    const migration = addedFile(
      "migrations/000002_order_total.up.sql",
      "alter table orders add column total bigint;\n",
    );
    expect(await review(modelFile(path, before, after), [migration])).toEqual([]);
  });

  it("stays quiet when the project auto-migrates", async () => {
    const main = modelFile(
      "cmd/server/main.go",
      "package main\n\nfunc main() {}\n",
      "package main\n\nfunc main() {\n\tdb.AutoMigrate(&models.Order{})\n}\n",
    );
    expect(await review(modelFile(path, before, after), [main])).toEqual([]);
  });

  it("stays quiet on json tags, alignment and methods", async () => {
    const cosmetic = before
      .replace('json:"status"', 'json:"state"')
      .replace("\tLines  []Line", "\tLines []Line")
      .replace("return o.Status", 'return "#" + o.Status');
    expect(await review(modelFile(path, before, cosmetic))).toEqual([]);
  });
});

describe("ormModelAnalyzer: Active Record", () => {
  const path = "app/models/post.rb";
  const before = [
    "class Post < ApplicationRecord",
    "  belongs_to :author",
    "  has_many :comments",
    "  validates :title, presence: true",
    "end",
    "",
  ].join("\n");

  it("fires on an added belongs_to, naming the column it needs", async () => {
    const after = before.replace(
      "  has_many :comments\n",
      '  has_many :comments\n  belongs_to :editor, class_name: "User", foreign_key: :edited_by_id, optional: true\n',
    );
    expect(await review(modelFile(path, before, after))).toEqual([
      {
        ruleId: rule,
        path,
        line: 4,
        side: "RIGHT",
        message: `\`Post\` gains \`belongs_to\` needing column \`edited_by_id\`${rails}`,
      },
    ]);
  });

  it("stays quiet with a migration, or when only other declarations change", async () => {
    const after = before.replace("  has_many :comments\n", "  has_many :comments\n  belongs_to :category\n");
    const migration = addedFile(
      "db/migrate/20240101000000_add_category_to_posts.rb",
      "class AddCategoryToPosts; end\n",
    );
    expect(await review(modelFile(path, before, after), [migration])).toEqual([]);
    const other = before
      .replace("  belongs_to :author\n", "")
      .replace("  has_many :comments\n", "  has_many :comments, dependent: :destroy\n  has_many :tags\n")
      .replace("presence: true", "presence: true, length: { maximum: 200 }");
    expect(await review(modelFile(path, before, other))).toEqual([]);
  });
});

describe("ormModelAnalyzer: across families", () => {
  it("reports a model added with its file as a new model", async () => {
    const head =
      'from app.db import Base\nfrom sqlalchemy import Column, Integer\n\n\nclass Tag(Base):\n    __tablename__ = "tags"\n    id = Column(Integer, primary_key=True)\n';
    expect(await review(modelFile("app/models/tag.py", undefined, head))).toEqual([
      {
        ruleId: rule,
        path: "app/models/tag.py",
        line: 5,
        side: "RIGHT",
        message: `\`Tag\` is a new model (column \`id\`)${alembic}`,
      },
    ]);
  });

  it("reports one finding per changed model", async () => {
    const models = (size: number) =>
      `type A struct {\n\tName string \`gorm:"size:${size}"\`\n}\n\ntype B struct {\n\tName string \`gorm:"size:${size}"\`\n}\n`;
    const findings = await review(
      modelFile("models/ab.go", `package models\n\n${models(10)}`, `package models\n\n${models(20)}`),
    );
    expect(findings.map((finding) => [finding.line, finding.message.split(",")[0]])).toEqual([
      [4, "`A` changes column `Name`"],
      [8, "`B` changes column `Name`"],
    ]);
  });

  it("leaves Django modules to the Django analyzer", async () => {
    const django = (field: string) =>
      `from django.db import models\n\n\nclass Webhook(models.Model):\n    name = models.CharField(max_length=255)\n${field}`;
    const file = modelFile("app/models.py", django(""), django("    url = models.URLField()\n"));
    expect(await review(file)).toEqual([]);
  });

  it("says so when the base version could not be read", async () => {
    const file = modelFile("app/models/order.py", "x = 1\n", 'class Order(Base):\n    __tablename__ = "o"\n');
    delete file.baseContent;
    const result = await ormModelAnalyzer.analyze(file, { files: [file] });
    expect(result).toEqual({
      findings: [],
      notes: [
        {
          path: "app/models/order.py",
          message: "`app/models/order.py`: the base version could not be read; its models were not compared.",
        },
      ],
    });
  });

  it("does not apply to migrations, tests or files of no model language", () => {
    const migration = modelFile("migrations/versions/1_x.py", "", "down_revision = None\n");
    expect(ormModelAnalyzer.appliesTo(migration)).toBe(false);
    expect(ormModelAnalyzer.appliesTo(modelFile("app/models/order.java", "", "@Entity class A {}\n"))).toBe(
      false,
    );
  });

  it("never throws on malformed code and keeps what is intact", async () => {
    const broken =
      'from app.db import Base\nfrom sqlalchemy import Column\n\nclass A(Base:\n    x = Column(\n"""\n';
    const result = await ormModelAnalyzer.analyze(modelFile("app/models/a.py", "", broken), { files: [] });
    expect(result.notes).toEqual([]);
  });
});
