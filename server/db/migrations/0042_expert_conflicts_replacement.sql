-- Experts of the expert directory (专家库; issue #9, decision 0011 addendum): declared conflicts of interest (回避,
-- 威海第6条) with an entity or a named person, withdrawn but never deleted, like inspector_conflicts; and replacement
-- of an expert drawn onto a team, recorded in replacements (kind 'expert') with the replaced row kept inactive.
CREATE TABLE "expert_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL CONSTRAINT "expert_conflicts_expert_id_experts_id_fk" REFERENCES "experts"("id"),
	"entity_id" bigint CONSTRAINT "expert_conflicts_entity_id_market_entities_id_fk" REFERENCES "market_entities"("id"),
	"person_name" varchar(64),
	"reason" varchar(200) NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "expert_conflicts_expert_idx" ON "expert_conflicts" USING btree ("expert_id");
--> statement-breakpoint
CREATE INDEX "expert_conflicts_entity_idx" ON "expert_conflicts" USING btree ("entity_id");
--> statement-breakpoint
ALTER TABLE "team_experts" ADD COLUMN "active" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
ALTER TABLE "team_experts" ADD COLUMN "replacement_id" uuid;
--> statement-breakpoint
ALTER TABLE "replacements" ADD COLUMN "team_expert_id" uuid;
--> statement-breakpoint
ALTER TABLE "replacements" ADD COLUMN "chosen_expert_id" uuid;
