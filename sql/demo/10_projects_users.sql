-- Demo generator, step 1: projects (the tenants) and users.
INSERT INTO projects (id, name, description, repository_url, repository_name, default_branch,
                      settings, created_at, updated_at)
SELECT pg_temp.duuid('project', p),
       format('%s-%s-%s', pg_temp.pick(ARRAY['atlas', 'beacon', 'cobalt', 'delta', 'ember',
                                             'falcon', 'granite', 'harbor', 'iris', 'juniper'],
                                       'project-name', p),
              pg_temp.pick(ARRAY['api', 'web', 'etl', 'ml', 'infra', 'docs'], 'project-kind', p),
              current_setting('agentdb.demo_batch') || '.' || p),
       'Demo project ' || p,
       format('https://git.example.com/demo/project-%s-%s.git', current_setting('agentdb.demo_batch'), p),
       format('project-%s', p),
       'main',
       jsonb_build_object('max_parallel_tasks', pg_temp.di('project-par', p, 2, 32),
                          'default_model', pg_temp.pick(ARRAY['gpt-4', 'claude-3', 'llama-3'],
                                                        'project-model', p)),
       pg_temp.epoch() - interval '400 days' + p * interval '1 day',
       pg_temp.epoch() - interval '400 days' + p * interval '1 day'
  FROM generate_series(1, pg_temp.cnt(20, 2)) AS p;

INSERT INTO users (id, name, email, created_at)
SELECT pg_temp.duuid('user', u),
       initcap(pg_temp.pick(ARRAY['alex', 'bo', 'chen', 'dana', 'eli', 'fatima', 'gus', 'hana',
                                  'ivan', 'jo', 'kai', 'lena', 'mo', 'noor', 'otto', 'pia'],
                            'user-first', u)) || ' ' ||
       initcap(pg_temp.pick(ARRAY['ames', 'brook', 'cruz', 'diaz', 'eng', 'ford', 'gray',
                                  'hale', 'ito', 'jain'], 'user-last', u)),
       format('user%s.%s@example.com', current_setting('agentdb.demo_batch'), u),
       pg_temp.epoch() - interval '380 days' + u * interval '1 hour'
  FROM generate_series(1, pg_temp.cnt(200, 5)) AS u;
