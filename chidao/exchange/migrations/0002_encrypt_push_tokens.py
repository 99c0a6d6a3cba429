"""Push tokens stored in plain text before issue 10 are encrypted (Fernet, chidao.exchange.transport)."""

from django.db import migrations


def encrypt(apps, schema_editor):
    from chidao.exchange.transport import TOKEN_PREFIX, token_encrypt

    PushTarget = apps.get_model("exchange", "PushTarget")
    for target in PushTarget.objects.exclude(token="").exclude(token__startswith=TOKEN_PREFIX):
        target.token = token_encrypt(target.token)
        target.save(update_fields=["token"])


def decrypt(apps, schema_editor):
    from chidao.exchange.transport import TOKEN_PREFIX, token_decrypt

    PushTarget = apps.get_model("exchange", "PushTarget")
    for target in PushTarget.objects.filter(token__startswith=TOKEN_PREFIX):
        target.token = token_decrypt(target.token)
        target.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]
    operations = [migrations.RunPython(encrypt, decrypt)]
