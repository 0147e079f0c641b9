-- Episode screen: its steps in order (state, action, reward), keyset-paged on step; the id (hidden)
-- opens the JSON viewer on the step's state_context or action_taken.
SELECT x.step, round(x.reward_received::numeric, 3) AS reward,
       CASE WHEN x.terminal THEN 'yes' ELSE '' END AS terminal,
       left(x.action_taken::text, 120) AS action, left(x.state_context::text, 200) AS state,
       x.id::text AS id
  FROM experiences x
 WHERE x.episode_id = $1::uuid AND x.step > $2::int
 ORDER BY x.step
 LIMIT 200
