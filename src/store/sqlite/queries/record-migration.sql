-- Marks one numbered migration as applied, in the transaction that applied it.
INSERT INTO migrations (id, name, applied_at) VALUES (@id, @name, @appliedAt);
