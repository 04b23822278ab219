-- Inspector matching (issue #9 items 4 and 8): a member appointed directly (直接委派, 威海第6条) rather than drawn is
-- marked on the team; experts drawn from the expert directory (专家库) per object sit in their own table, since an
-- expert is not an 执法人员 and the members' queries (results, notices, statistics) are about inspectors.
ALTER TABLE "team_members" ADD COLUMN "appointed" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE "team_experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL CONSTRAINT "team_experts_team_id_teams_id_fk" REFERENCES "teams"("id"),
	"expert_id" uuid NOT NULL CONSTRAINT "team_experts_expert_id_experts_id_fk" REFERENCES "experts"("id"),
	"department_id" uuid NOT NULL CONSTRAINT "team_experts_department_id_departments_id_fk" REFERENCES "departments"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "team_experts_team_expert_uq" ON "team_experts" USING btree ("team_id","expert_id");
--> statement-breakpoint
CREATE INDEX "team_experts_expert_idx" ON "team_experts" USING btree ("expert_id");
