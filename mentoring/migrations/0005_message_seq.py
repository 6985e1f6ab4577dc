"""A contiguous sequence number per conversation (docs/chat-protocol.md, "Sequence numbers").

Existing messages are numbered 1, 2, 3 … per conversation in id order (ids already commit in order
within a conversation: send_message locks the conversation row), and each conversation's
``last_seq`` is set to its count, so the next message continues the sequence.
"""

from django.db import migrations, models

NUMBER_MESSAGES = """
UPDATE mentoring_message SET seq = numbered.rn
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY id) AS rn FROM mentoring_message
) AS numbered
WHERE mentoring_message.id = numbered.id
"""

SET_LAST_SEQ = """
UPDATE mentoring_conversation SET last_seq = COALESCE(
    (SELECT MAX(seq) FROM mentoring_message WHERE mentoring_message.conversation_id = mentoring_conversation.id), 0
)
"""


def number_messages(apps, schema_editor):
    # One statement each, on PostgreSQL and on SQLite (3.33+ has UPDATE … FROM and window functions).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(NUMBER_MESSAGES)
        cursor.execute(SET_LAST_SEQ)


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0004_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="last_seq",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="message",
            name="seq",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(number_messages, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="message",
            name="seq",
            field=models.PositiveIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.UniqueConstraint(
                fields=("conversation", "seq"), name="message_seq_unique_per_conversation"
            ),
        ),
    ]
