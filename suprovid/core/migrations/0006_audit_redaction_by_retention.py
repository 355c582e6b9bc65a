from django.db import migrations

# The append-only trigger of 0002 lets one UPDATE through: retention's redaction of what an
# entry copied about an anonymised person (suprovid/people/audit_redaction.py). Only
# object_repr, before and after may change, and only in a transaction that declared it with
# set_config('suprovid.audit_redaction', 'on', true). Every other UPDATE, and every DELETE,
# is still refused.
INSTALL = """
CREATE OR REPLACE FUNCTION suprovid_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('suprovid.audit_redaction', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.at = OLD.at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor_repr = OLD.actor_repr
       AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type
       AND NEW.object_id = OLD.object_id
       AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address
       AND NEW.scope_territory = OLD.scope_territory
       AND NEW.scope_institution IS NOT DISTINCT FROM OLD.scope_institution
       AND NEW.correlation_id = OLD.correlation_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
RESTORE = """
CREATE OR REPLACE FUNCTION suprovid_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_savedfilter"),
    ]

    operations = [migrations.RunPython(install, restore, elidable=False)]
