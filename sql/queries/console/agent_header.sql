-- Agent screen: the agent, its capabilities and its definition's versions in one row.
SELECT a.id::text AS id, a.name, a.persona_type, a.agent_type, a.trust_level, a.is_active,
       a.version,
       (SELECT string_agg(c.capability || ' ' || c.proficiency, ', ' ORDER BY c.proficiency DESC)
          FROM agent_capabilities c WHERE c.agent_id = a.id) AS capabilities,
       (SELECT string_agg(v.agent_version || CASE WHEN v.is_active THEN '' ELSE ' (inactive)' END
                          || ' q=' || coalesce(v.quality_score::text, '-'), ', '
                          ORDER BY v.created_at DESC)
          FROM agent_definitions v
          JOIN agent_definitions d ON d.agent_name = v.agent_name
         WHERE d.id = a.definition_id) AS definitions
  FROM agents a
 WHERE a.id = $1::uuid
