-- Extensions first: pg_trgm backs name search on the directories (PGlite loads it from its contrib bundle).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
