-- Episode screen: the reward curve (cumulative reward by step, at most 2000 steps).
SELECT x.step, sum(x.reward_received) OVER (ORDER BY x.step) AS cumulative
  FROM experiences x
 WHERE x.episode_id = $1::uuid
 ORDER BY x.step
 LIMIT 2000
