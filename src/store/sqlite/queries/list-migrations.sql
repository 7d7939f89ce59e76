-- The ids of the migrations already applied to this file.
SELECT id FROM migrations ORDER BY id;
