-- 检查对象满意度评价 (issue #11 item 3). Two tables on purpose: the receipt (which result was evaluated, for the
-- once-only check and the entity's 已评价) and the evaluation itself (department, region, year, scores, comment) share
-- no key and no time, so nobody reading the evaluations can tell whose they are.
CREATE TABLE "inspection_evaluation_receipts" (
	"result_id" uuid PRIMARY KEY NOT NULL,
	"evaluated_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"region_code" char(6) NOT NULL,
	"year" integer NOT NULL,
	"lawful" smallint NOT NULL,
	"civil" smallint NOT NULL,
	"integrity" smallint NOT NULL,
	"efficiency" smallint NOT NULL,
	"comment" varchar(200),
	CONSTRAINT "inspection_evaluations_scores_check" CHECK ("inspection_evaluations"."lawful" BETWEEN 1 AND 5 AND "inspection_evaluations"."civil" BETWEEN 1 AND 5 AND "inspection_evaluations"."integrity" BETWEEN 1 AND 5 AND "inspection_evaluations"."efficiency" BETWEEN 1 AND 5)
);
--> statement-breakpoint
ALTER TABLE "inspection_evaluation_receipts" ADD CONSTRAINT "inspection_evaluation_receipts_result_id_inspection_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."inspection_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_evaluations" ADD CONSTRAINT "inspection_evaluations_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_evaluations_year_region_idx" ON "inspection_evaluations" USING btree ("year","region_code");
