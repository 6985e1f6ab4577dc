"""Demo chat history, mentoring sessions and field visits for the demo mentor's entrepreneurs. Idempotent.

Runs after ``incubator.demo.seed`` (which makes the profiles and assignments); without
assignments it says so and does nothing.
"""

from __future__ import annotations

import datetime
import uuid
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from incubator.models import CompanionAssignment
from mentoring import services, visits
from mentoring.models import Conversation, FieldVisit, MentoringSession, Message, ReadMarker

MENTOR_EMAIL = "mentor@tumbuh.test"
NAMESPACE = uuid.UUID("6f1d7a52-4c1e-4f5a-9a39-3f2b8f0c7d11")

# (from the entrepreneur?, minutes after the first message, text), one conversation per sector:
# what a family in that line of business would ask its business mentor. {name}: the entrepreneur's
# first name, {mentor}: the mentor's, {business}: the business.
DAY = 60 * 24
SCRIPTS = {
    "trade": [
        (
            True,
            0,
            "Selamat pagi Pak {mentor}. Stok di {business} sering habis di tengah bulan, modal tertahan di barang yang lambat laku.",
        ),
        (
            False,
            18,
            "Pagi {name}. Coba catat seminggu barang apa yang paling cepat habis, lalu belanja itu dulu di grosir.",
        ),
        (True, 40, "Rokok dan minyak goreng paling cepat, sabun cuci lama sekali."),
        (
            False,
            55,
            "Kurangi stok sabun, tambah minyak goreng. Margin kelontong tipis, yang penting uangnya cepat berputar.",
        ),
        (True, DAY * 2, "Sudah saya coba, uang belanja minggu ini cukup sampai Sabtu."),
        (False, DAY * 2 + 30, "Bagus, {name}. Jangan lupa catat utang pelanggan di buku terpisah ya."),
        (False, DAY * 2 + 32, "Minggu depan saya mampir, kita lihat bukunya bersama."),
    ],
    "food": [
        (True, 0, "Pak {mentor}, saya bingung menentukan harga jual {business}. Bahan baku naik terus."),
        (
            False,
            25,
            "Kita hitung HPP per porsi dulu, {name}: semua bahan, gas, kemasan, dibagi jumlah porsi sehari.",
        ),
        (True, DAY, "Ketemu Rp 5.800 per porsi, saya jual Rp 8.000."),
        (
            False,
            DAY + 20,
            "Margin Rp 2.200 sudah lumayan. Jangan turunkan harga; kalau bahan naik lagi, kecilkan porsi sedikit.",
        ),
        (True, DAY * 3, "Pesanan lewat WhatsApp mulai banyak untuk arisan."),
        (False, DAY * 3 + 15, "Mantap! Minta uang muka separuh untuk pesanan besar supaya modal bahan aman."),
        (False, DAY * 3 + 17, "Foto produknya pakai cahaya dari jendela saja, tidak perlu lampu."),
    ],
    "services": [
        (True, 0, "Pak {mentor}, pelanggan {business} sering minta dibayar belakangan. Bagaimana sebaiknya?"),
        (
            False,
            30,
            "{name}, untuk pelanggan baru minta DP dulu, minimal untuk harga suku cadang atau bahannya.",
        ),
        (True, 90, "Kalau pelanggan lama?"),
        (
            False,
            110,
            "Boleh tempo, tapi tulis di buku dan beri batas seminggu. Catat juga jam kerja per pesanan.",
        ),
        (True, DAY * 4, "Ternyata ongkos jasa saya terlalu murah dibanding waktu kerjanya."),
        (False, DAY * 4 + 40, "Itu temuan penting. Buat daftar harga tertulis dan tempel di tempat usaha."),
        (False, DAY * 4 + 42, "Nanti kita hitung bersama ongkos per jam kerjanya."),
    ],
    "crafts": [
        (True, 0, "Pak {mentor}, pengepul menawar produk {business} murah sekali."),
        (
            False,
            35,
            "{name}, coba hitung berapa jam dan bahan untuk satu produk, supaya tahu harga terendah yang masih untung.",
        ),
        (True, DAY, "Satu produk dua hari kerja, bahan Rp 180.000. Pengepul hanya mau Rp 250.000."),
        (
            False,
            DAY + 25,
            "Berarti upah Ibu/Bapak hampir tidak dihitung. Kita coba titip di toko oleh-oleh dan jual di marketplace.",
        ),
        (True, DAY * 5, "Sudah difoto lima produk untuk katalog."),
        (
            False,
            DAY * 5 + 10,
            "Bagus. Tulis cerita singkat cara membuatnya di setiap foto, pembeli suka itu.",
        ),
        (False, DAY * 5 + 12, "Harga di toko oleh-oleh boleh lebih tinggi dari harga pengepul."),
    ],
    "livestock": [
        (True, 0, "Pak {mentor}, harga pakan naik, untung {business} makin tipis."),
        (
            False,
            45,
            "{name}, catat pakan per minggu dan berat ternak saat dijual, supaya kelihatan biaya per ekor.",
        ),
        (True, DAY * 2, "Ada saran pakan yang lebih murah?"),
        (
            False,
            DAY * 2 + 30,
            "Campur dengan ampas tahu dan hijauan dari kebun; tanya penyuluh peternakan kecamatan soal takarannya.",
        ),
        (True, DAY * 6, "Menjelang Iduladha banyak yang pesan."),
        (
            False,
            DAY * 6 + 20,
            "Catat pesanan dan uang mukanya. Jangan jual semua indukan, sisakan untuk bibit berikutnya.",
        ),
        (False, DAY * 6 + 22, "Catatan berat ternaknya nanti kita lihat bersama."),
    ],
    "farming": [
        (True, 0, "Pak {mentor}, panen {business} minggu ini banyak, tapi harga di pasar pagi jatuh."),
        (
            False,
            20,
            "{name}, coba tawarkan langsung ke warung makan dan katering sekitar, harga lebih stabil.",
        ),
        (True, DAY, "Ada dua warung yang mau ambil tiap Senin dan Kamis."),
        (False, DAY + 15, "Bagus. Buat catatan pengiriman sederhana dan tagih tiap minggu."),
        (True, DAY * 4, "Sebagian sayur layu sebelum terjual."),
        (False, DAY * 4 + 25, "Panen bertahap saja, jangan sekaligus. Simpan di tempat teduh dan lembap."),
        (False, DAY * 4 + 27, "Catat berapa ikat yang layu, supaya tahu berapa yang perlu dipanen."),
    ],
}


SESSIONS = [
    (
        12,
        "visit",
        "Pembukuan sederhana dan pemisahan uang usaha",
        "Buku kas sudah ada tetapi belum rutin diisi. Kami sepakat mencatat setiap sore setelah tutup warung.",
        [
            ("Catat penjualan dan belanja setiap hari selama sebulan", 18, True),
            ("Buka rekening tabungan usaha", 30, False),
        ],
    ),
    (
        4,
        "phone",
        "Menghitung HPP dan harga jual",
        "HPP dihitung bersama per produk dari catatan sebulan. Harga jual akan disesuaikan bertahap.",
        [("Coba harga baru selama dua minggu dan catat jumlah pembeli", 14, False)],
    ),
]


# Field visits by the family's social companion (TKSK, PSM), in the family's own village.
# (days ago, purpose, summary for the entrepreneur, internal notes, follow-ups, with a photo?) per sector;
# each family's visits are moved back a few days by its place in the list, so they spread over months.
VISITS = {
    "trade": [
        (
            24,
            "monitoring",
            "Warung buka setiap hari. Rak sudah ditata, barang cepat laku di depan.",
            "Suami membantu belanja ke grosir. Tidak ada kendala keluarga.",
            [("Beri label harga di rak depan", 10, True)],
            True,
        ),
        (
            8,
            "evidence_check",
            "Buku utang pelanggan sudah dipisah dari buku kas dan diisi rutin.",
            "Ada tiga pelanggan menunggak lebih dari sebulan; sudah diingatkan cara menagih.",
            [("Tagih utang pelanggan yang lewat sebulan", 14, False)],
            False,
        ),
    ],
    "food": [
        (
            27,
            "monitoring",
            "Dapur produksi bersih, bahan disimpan tertutup. Kemasan sudah ada label nama usaha.",
            "Anak sulung ikut membantu sepulang sekolah; sudah dibicarakan agar tidak mengganggu belajar.",
            [("Urus P-IRT di dinas kesehatan", 30, False)],
            True,
        ),
        (
            10,
            "evidence_check",
            "Catatan HPP ditempel di dapur, harga jual sudah dinaikkan sedikit.",
            "Pesanan arisan menambah pemasukan; uang muka sudah diminta.",
            [("Catat pesanan dan uang muka di buku", 7, True)],
            False,
        ),
    ],
    "services": [
        (
            22,
            "monitoring",
            "Tempat kerja rapi, alat tersimpan di kotak. Daftar harga jasa sudah ditempel.",
            "Usaha dijalankan sendiri; istri mencatat pembayaran.",
            [("Buat buku pesanan dengan tanggal janji selesai", 10, True)],
            True,
        ),
        (
            6,
            "follow_up",
            "Sebagian pelanggan sudah membayar DP. Piutang berkurang dibanding bulan lalu.",
            "Perlu alat tambahan; dicatat untuk rencana bantuan tahap berikutnya.",
            [("Bandingkan harga alat di dua toko", 14, False)],
            False,
        ),
    ],
    "crafts": [
        (
            30,
            "monitoring",
            "Bengkel kerja di samping rumah. Bahan baku cukup untuk dua minggu.",
            "Dua tetangga ikut bekerja borongan; upah dibayar per produk.",
            [("Foto produk jadi untuk katalog", 10, True)],
            True,
        ),
        (
            12,
            "evidence_check",
            "Produk sudah dititipkan di satu toko oleh-oleh; nota titipan disimpan.",
            "Pengepul masih menawar rendah; keluarga mulai menolak harga di bawah HPP.",
            [("Catat produk titipan yang laku tiap minggu", 14, False)],
            False,
        ),
    ],
    "livestock": [
        (
            26,
            "monitoring",
            "Kandang bersih dan kering, ternak terlihat sehat. Catatan pakan ada.",
            "Kandang dekat dapur; sudah disarankan menambah sekat untuk kesehatan keluarga.",
            [("Minta jadwal vaksin ke petugas kesehatan hewan", 21, False)],
            True,
        ),
        (
            9,
            "follow_up",
            "Dua ekor terjual ke tetangga. Pakan dicampur ampas tahu, biaya turun.",
            "Anak bungsu sering sakit; keluarga sudah dirujuk ke puskesmas dan dicatat.",
            [("Pisahkan uang hasil penjualan ternak", 7, True)],
            False,
        ),
    ],
    "farming": [
        (
            28,
            "monitoring",
            "Lahan sewa terawat, bedengan rapi. Panen bertahap sudah dicoba.",
            "Sewa lahan jatuh tempo bulan depan; keluarga sudah menyisihkan uangnya.",
            [("Catat hasil panen per bedeng", 10, True)],
            True,
        ),
        (
            11,
            "evidence_check",
            "Nota pengiriman ke dua warung makan tersimpan rapi.",
            "Air sumur berkurang di kemarau; perlu dibahas dengan kelompok tani.",
            [("Ikut pertemuan kelompok tani desa", 14, False)],
            False,
        ),
    ],
}


def _demo_photo(index: int) -> SimpleUploadedFile:
    """A plain generated picture standing in for a phone photo (the demo ships no real photos)."""
    out = BytesIO()
    Image.new("RGB", (800, 600), (190 - 30 * index, 140, 60 + 40 * index)).save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"kunjungan-{index}.jpg", out.getvalue(), content_type="image/jpeg")


def _seed_visits(assignment: CompanionAssignment, *, order: int) -> int:
    """The family's social companion visits it in its own village: the sector's visits, moved back
    ``3 * order`` days (and a month for every other family) so that visits spread over months."""
    profile = assignment.profile
    district = profile.district.name if profile.district_id else "Coblong"
    village = profile.village or district
    today = timezone.localdate()
    shift = 3 * (order % 10) + (30 if order % 2 else 0)
    rows = VISITS.get(profile.sector, VISITS["trade"])
    # A demo pair has worked together for a while: its visits must not predate the assignment.
    earliest = timezone.now() - datetime.timedelta(days=max(row[0] for row in rows) + shift + 1)
    CompanionAssignment.objects.filter(pk=assignment.pk, started_at__gt=earliest).update(started_at=earliest)
    created = 0
    for index, (days_ago, purpose, summary, internal, items, photo) in enumerate(rows):
        date = today - datetime.timedelta(days=days_ago + shift)
        if FieldVisit.objects.filter(profile=profile, date=date, purpose=purpose).exists():
            continue
        visit = visits.log_visit(
            profile,
            by=assignment.companion,
            data=visits.VisitInput(date, purpose, district, village, summary, internal),
            follow_ups=[
                services.ActionItemInput(text=text, due_date=date + datetime.timedelta(days=due))
                for text, due, _done in items
            ],
            photos=[_demo_photo(index)] if photo else [],
        )
        for item, (_text, _due, done) in zip(visit.action_items.order_by("pk"), items, strict=True):
            if done:
                services.set_action_item_done(item, by=profile.user, done=True)
        created += 1
    return created


def _client_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@transaction.atomic
def _seed_chat(conversation: Conversation) -> int:
    """The sector's conversation, dated over the past week; the last two stay unread by the entrepreneur."""
    entrepreneur = conversation.profile.user
    first_name = (entrepreneur.full_name or entrepreneur.get_username()).split()[0]
    companion = conversation.companion
    mentor_name = (companion.full_name or companion.get_username()).split()[0]
    script = SCRIPTS.get(conversation.profile.sector, SCRIPTS["trade"])
    words = {"name": first_name, "mentor": mentor_name, "business": conversation.profile.business_name}
    start = timezone.now() - datetime.timedelta(days=7)
    created = 0
    # Numbered like send_message does: the next seq under the conversation's row lock.
    seq = Conversation.objects.select_for_update().values_list("last_seq", flat=True).get(pk=conversation.pk)
    for index, (from_entrepreneur, minutes, text) in enumerate(script):
        sender = entrepreneur if from_entrepreneur else conversation.companion
        message, made = Message.objects.get_or_create(
            sender=sender,
            client_id=_client_id("chat", conversation.pk, index),
            defaults={"conversation": conversation, "body": text.format(**words), "seq": seq + 1},
        )
        if made:
            seq += 1
            Message.objects.filter(pk=message.pk).update(
                created_at=start + datetime.timedelta(minutes=minutes)
            )
            created += 1
    messages = list(conversation.messages.order_by("pk"))
    last = messages[-1]
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=last, last_message_at=last.created_at, message_count=len(messages), last_seq=seq
    )
    ReadMarker.objects.update_or_create(
        conversation=conversation, user=entrepreneur, defaults={"last_read_id": messages[-3].pk}
    )
    ReadMarker.objects.update_or_create(
        conversation=conversation, user=conversation.companion, defaults={"last_read_id": last.pk}
    )
    return created


def _seed_sessions(conversation: Conversation) -> int:
    created = 0
    today = timezone.localdate()
    for days_ago, mode, topics, notes, items in SESSIONS:
        date = today - datetime.timedelta(days=days_ago)
        if MentoringSession.objects.filter(profile=conversation.profile, date=date, topics=topics).exists():
            continue
        session = services.log_session(
            conversation.profile,
            by=conversation.companion,
            date=date,
            mode=mode,
            topics=topics,
            notes=notes,
            action_items=[
                services.ActionItemInput(text=text, due_date=date + datetime.timedelta(days=due))
                for text, due, _done in items
            ],
        )
        for item, (_text, _due, done) in zip(session.action_items.order_by("pk"), items, strict=True):
            if done:
                services.set_action_item_done(item, by=conversation.profile.user, done=True)
        created += 1
    return created


MENTORS = (MENTOR_EMAIL, "mentor.klaten@tumbuh.test")
SOCIAL_COMPANIONS = ("tksk@tumbuh.test", "psm@tumbuh.test")


def seed(*, people: dict, stdout=None) -> None:
    """Chat and sessions with both demo business mentors' families; field visits by the social
    companions (TKSK, PSM), each family in its own village."""
    current = CompanionAssignment.objects.filter(ended_at__isnull=True).select_related(
        "profile__user", "profile__district", "companion"
    )
    mentoring = current.filter(companion__email__in=MENTORS).order_by("profile_id")
    social = current.filter(companion__email__in=SOCIAL_COMPANIONS).order_by("profile_id")
    if not mentoring.exists():
        if stdout:
            stdout.write(
                "mentoring: no current assignments of the demo mentor yet; skipped chat and sessions"
            )
        return
    messages = sessions = field_visits = 0
    for assignment in mentoring:
        services.on_companion_assigned(assignment)
        conversation = Conversation.objects.select_related("profile__user", "companion").get(
            profile=assignment.profile, companion=assignment.companion
        )
        messages += _seed_chat(conversation)
        sessions += _seed_sessions(conversation)
    for order, assignment in enumerate(social):
        field_visits += _seed_visits(assignment, order=order)
    if stdout:
        stdout.write(
            f"mentoring: {mentoring.count()} conversations, {messages} new messages, {sessions} new sessions,"
            f" {field_visits} new field visits"
        )
