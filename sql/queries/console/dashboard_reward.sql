-- Dashboard: average workflow reward per day over the last 30 days of data.
SELECT d::date AS day, avg(w.total_reward) AS reward
  FROM workflows w
 CROSS JOIN LATERAL (SELECT date_trunc('day', w.created_at) AS d) x
 WHERE w.total_reward IS NOT NULL
   AND w.created_at >= (SELECT max(created_at) FROM workflows) - interval '30 days'
 GROUP BY d
 ORDER BY d
