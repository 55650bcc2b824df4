SELECT `id`, `email` FROM `users` WHERE (active = 1)
-- params:
