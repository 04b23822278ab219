-- 抽查结果公示 over a million results (issue #11 item 6): the public list, newest first, reads its page from this index
-- instead of sorting every published result (server/modules/results/public_routes.ts).
CREATE INDEX "inspection_results_published_idx" ON "inspection_results" USING btree ("published_at" DESC,"id" DESC) WHERE "inspection_results"."status" = 'published';
