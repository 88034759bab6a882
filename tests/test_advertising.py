"""Advertising law a clinic, a cosmetics brand and a supplement shop can rely on (issue 37).

Each law gets risky phrases, which must be reported under that law at the place they stand,
and harmless ones a careful strategist writes, which must not be. The phrases are placed the
way plans hold them: as a content pillar's example. The rates are printed by
``test_the_rates_are_what_the_closing_note_says`` (run with -s)."""

from __future__ import annotations

import textwrap

import pytest

from generator.analysis.report import analyse
from generator.analysis.settings import DoctorSettings
from generator.plans.load import parse_plan
from tests.conftest import run_proposals, workspace_with

BASE = """
client: {{name: 株式会社サンプル, industry: {industry}}}
language: {language}
purpose: sales
period: {{start: 2027-01, months: 12}}
persona:
  summary: 都内で一人暮らしの25歳会社員
  age: 25
  occupation: 会社員
  habits: 毎晩寝る前にスマホで情報を集める
  platforms: [instagram]
kgi: {{metric: ec_revenue, target: 3000000, unit: JPY, per: month, baseline: 1000000, by: 2027-12}}
kpi_tree:
  op: product
  children:
    - {{metric: sns_sessions}}
    - {{metric: ec_cvr, target: 1%}}
    - {{metric: average_order_value, target: 6000, unit: JPY}}
platforms:
  - id: instagram
    kpis:
      - {{metric: saves, target: 1500, per: month}}
measurement:
  landing_url: https://sample.example/shop
  utm: {{medium: social, campaign: 2027_sns_sales}}
content:
  pillars:
    - {{name: 柱, share: 100%, examples: [{phrase}]}}
"""
WHERE = "content.pillars[0].examples[0]"

# (industry, phrase, the law's name as the message must say it)
RISKY = [
    # cosmetics and quasi-drugs: 薬機法・医薬品等適正広告基準
    ("化粧品", "肌の奥の真皮まで浸透する美容液", "薬機法"),
    ("化粧品", "塗るだけで美白", "薬機法"),
    ("化粧品", "毛穴が消えるクレンジング", "薬機法"),
    ("化粧品", "皮膚科医も推奨する化粧水", "薬機法"),
    ("化粧品", "アンチエイジングでマイナス10歳肌", "薬機法"),
    ("化粧品", "シミが消える美容液", "薬機法"),
    ("化粧品", "30代会社員のビフォーアフター", "薬機法"),
    ("スキンケアブランド", "副作用のない安心の美容液", "薬機法"),
    ("ヘアケア(シャンプー)", "抜け毛がなくなるシャンプーで髪が若返る", "薬機法"),
    ("コスメ通販", "アトピーに効くクリーム", "薬機法"),
    ("cosmetics", "dermatologist-recommended toner that removes dark spots", "Pharmaceutical"),
    ("skincare", "anti-aging serum", "Pharmaceutical"),
    # health foods and supplements: 健康増進法・薬機法
    ("健康食品", "血糖値が下がる青汁", "健康増進法"),
    ("青汁の通販", "免疫力を高めて風邪を予防", "健康増進法"),
    ("サプリメント", "脂肪燃焼をサポートするサプリ", "健康増進法"),
    ("機能性表示食品の通販", "デトックスで体内の老廃物を排出", "健康増進法"),
    ("健康食品", "薬に頼らず高血圧を改善", "健康増進法"),
    ("サプリ", "飲むだけで痩せるサプリ", "健康増進法"),
    ("supplements", "lowers blood sugar and boosts your immunity", "Health Promotion"),
    # clinics and dentists: 医療法・医療広告ガイドライン
    ("歯科医院", "患者様の体験談インタビュー", "医療法"),
    ("歯科医院", "症例写真(術前・術後)の紹介", "医療法"),
    ("美容皮膚科", "最新の医療機器で痛くない治療", "医療法"),
    ("美容外科", "最先端の再生医療で肌を再生", "医療法"),
    ("矯正歯科", "絶対安全なインプラント", "医療法"),
    ("美容クリニック", "今だけ施術料金50%オフ", "医療法"),
    ("美容外科", "日本一の症例数を誇る院長", "医療法"),
    ("眼科", "芸能人も通うクリニック", "医療法"),
    ("美容外科", "二重整形のビフォーアフター", "医療法"),
    ("dental clinic", "patient testimonials and painless treatment", "Medical Care Act"),
    # bone-setting clinics: their own act
    ("整骨院", "腰痛が治ると評判の施術", "柔道整復師法"),
    # anywhere: 景品表示法
    ("ラーメン店", "福岡で最安のラーメン", "景品表示法"),
    ("ラーメン店", "満足度No.1の一杯", "景品表示法"),
    ("ラーメン店", "今だけ半額(通常価格1,000円)", "景品表示法"),
    ("家電通販", "業界初の静音モデル", "景品表示法"),
    ("coffee shop", "the cheapest latte in town", "Premiums"),
]

HARMLESS = [
    ("化粧品", "肌を健やかに保つ化粧水の使い方"),
    ("化粧品", "乾燥による小じわを目立たなくする(効能評価試験済み)"),
    ("化粧品", "使い方と使用感を30代の社員が紹介"),
    ("化粧品", "保存に効くカルーセルの型を増やす"),
    ("化粧品", "#1分スキンケア"),
    ("化粧品", "角質層まで浸透してうるおいを与える"),
    ("化粧品", "メーキャップ効果で明るい印象に見せる"),
    ("健康食品", "毎日の食事で不足しがちな野菜を手軽に補う"),
    ("健康食品", "朝食と一緒に続けられる飲み方の紹介"),
    ("歯科医院", "診療時間と予約方法のご案内"),
    ("歯科医院", "医師が治療の流れ・期間・費用を説明する"),
    ("歯科医院", "症例写真(治療内容: ホワイトニング、費用: 3万円、リスク・副作用: 知覚過敏)"),
    ("美容皮膚科", "休診日と駐車場のお知らせ"),
    ("観光協会", "日本一周中のサイクリストに立ち寄ってもらう企画"),
    ("観光協会", "日本一の星空を見に行くツアーの紹介"),
    ("ラーメン店", "口コミ数No.1(2026年 グルメサイト調べ)"),
    ("ラーメン店", "日本一を目指す一杯の仕込み"),
    ("ラーメン店", "#1分レシピ"),
    ("ラーメン店", "スープを炊く朝5時の厨房"),
    ("cosmetics", "keeps skin healthy: how our staff use it"),
    ("supplements", "adds the vegetables a busy week lacks"),
    ("dental clinic", "opening hours and how to book"),
    ("dental clinic", "a dentist explains the treatment, its cost and its risks"),
    ("coffee shop", "how we roast our beans"),
    ("tourism", "cycling around Japan"),
]

STEALTH_RISKY = [
    "Googleマップに口コミを投稿してくれた方に味玉サービス",
    "クリエイター5名に新作を提供して使用感を投稿してもらう",
    "美容系YouTuberとのコラボ動画(新作を無償で提供)",
    "インフルエンサーに新作を提供(ステマにならないよう注意)",
    "We send the new range to ten creators for their honest takes",
]
STEALTH_HARMLESS = [
    "インフルエンサーに新作を提供し、投稿には「PR」表記とタイアップ投稿ラベルを付けます",
    "社員が使い方を紹介する動画",
    "Ten creators post the range, each labelled #ad with the paid partnership label",
]


def found(industry: str, phrase: str) -> list:
    language = "en" if phrase.isascii() else "ja"  # an English plan says the law in English
    text = BASE.format(industry=industry, language=language, phrase=_quoted(phrase))
    report = analyse(parse_plan(textwrap.dedent(text), "plan", "proposals/plan.yaml"), DoctorSettings())
    return [f for f in report.findings if f.path == WHERE]


def _quoted(phrase: str) -> str:
    return '"' + phrase.replace('"', '\\"') + '"'


@pytest.mark.parametrize(("industry", "phrase", "law"), RISKY)
def test_each_risky_claim_is_reported_under_its_law(industry, phrase, law):
    claims = [f for f in found(industry, phrase) if f.rule == "advertising-claim"]
    assert claims, (industry, phrase)
    assert any(law in f.message for f in claims), [f.message for f in claims]
    medical = law in ("医療法", "Medical Care Act", "柔道整復師法")
    assert all((f.severity == "error") == medical for f in claims)
    assert all(f.hint for f in claims)  # a rewrite that stays within the law


@pytest.mark.parametrize(("industry", "phrase"), HARMLESS)
def test_harmless_phrases_are_left_alone(industry, phrase):
    said = [
        f.message for f in found(industry, phrase) if f.rule in ("advertising-claim", "undisclosed-promotion")
    ]
    assert said == [], said


@pytest.mark.parametrize("phrase", STEALTH_RISKY)
def test_creators_gifts_and_rewarded_reviews_need_a_label(phrase):
    said = [f for f in found("ラーメン店", phrase) if f.rule == "undisclosed-promotion"]
    assert said, phrase


@pytest.mark.parametrize("phrase", STEALTH_HARMLESS)
def test_a_stated_label_is_disclosure(phrase):
    assert [f for f in found("化粧品", phrase) if f.rule == "undisclosed-promotion"] == []


def test_every_phrase_is_reported_where_it_stands_and_internal_notes_are_not_read():
    text = BASE.format(industry="美容外科", language="ja", phrase=_quoted("患者様の体験談")) + (
        "notes: 症例写真(術前・術後)と日本一の実績を紹介します\ninternal_notes: 日本一の症例数と体験談で押す\n"
    )
    report = analyse(parse_plan(textwrap.dedent(text), "plan", "proposals/plan.yaml"), DoctorSettings())
    claims = [f for f in report.findings if f.rule == "advertising-claim"]
    places = sorted(f.path for f in claims)
    assert places == [WHERE, "notes", "notes"]  # both phrases in the notes, each once
    assert all("医療法" in f.message for f in claims)


def test_a_stated_regulation_decides_when_the_words_do_not():
    text = BASE.format(industry="メディカル事業", language="ja", phrase=_quoted("二重整形のビフォーアフター"))
    assert not any(f.rule == "advertising-claim" and f.severity == "error" for f in _report(text))
    text = text.replace("industry: メディカル事業}", "industry: メディカル事業, regulated: medical}")
    assert any(f.rule == "advertising-claim" and "医療法" in f.message for f in _report(text))
    text = text.replace("regulated: medical", "regulated: none")
    assert not any(f.rule == "advertising-claim" and "医療法" in f.message for f in _report(text))


def _report(text: str) -> list:
    return analyse(
        parse_plan(textwrap.dedent(text), "plan", "proposals/plan.yaml"), DoctorSettings()
    ).findings


def test_a_dental_clinic_with_testimonials_and_before_after_is_stopped_by_the_gate(tmp_path):
    root = workspace_with(tmp_path / "ws", ("kurumi-ramen",), pdf=False)
    plan = root / "proposals" / "kurumi-ramen.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "  name: らーめん胡桃\n  industry: ラーメン店(福岡市内12店舗)\n",
        "  name: さくら歯科クリニック\n  industry: 歯科医院\n",
    )
    text = text.replace("  business: local_store\n", "  business: clinic\n")
    assert "notes: |\n" in text
    text = text.replace(
        "notes: |\n", "notes: |\n  患者様の体験談インタビューと、術前・術後の症例写真を毎月紹介します。\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    result = run_proposals(
        "build",
        "--client",
        "kurumi-ramen",
        cwd=root,
        timeout=300,
        env={"PROPOSALS_SECRET": "k7Qp-2vXz9LmR4tYb8Nw-f3Hs6Ud1Ga5eT"},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert any("error advertising-claim" in line and "医療法" in line and "体験談" in line for line in lines)
    assert any("error advertising-claim" in line and "術前・術後" in line for line in lines)
    assert not (root / "clients").exists()


def test_a_clinic_gets_no_menu_link_and_no_price_led_ideas(tmp_path):
    from generator.analysis.business import business_of
    from generator.knowledge import knowledge
    from generator.render.views.sections import utm_links

    text = BASE.format(industry="歯科医院", language="ja", phrase=_quoted("診療時間のご案内")).replace(
        "platforms:\n  - id: instagram\n", "platforms:\n  - id: google_business_profile\n  - id: instagram\n"
    )
    plan = parse_plan(textwrap.dedent(text), "plan", "proposals/plan.yaml").plan
    assert business_of(plan, knowledge()).id == "clinic"
    from generator.locale.labels import labels

    placements = {link.placement for link in utm_links(plan, knowledge(), labels("ja"), "ja")}
    assert labels("ja").placement_menu_link not in placements
    assert labels("ja").placement_booking_link in placements
    ideas = " ".join(i.ja for i in knowledge().businesses["clinic"].content["sales"])
    assert "割引" not in ideas.replace("割引や期間限定の案内はしない", "") and "限定解除" in ideas


def test_the_rates_are_what_the_closing_note_says(capsys):
    caught = sum(
        1
        for industry, phrase, _ in RISKY
        if any(f.rule == "advertising-claim" for f in found(industry, phrase))
    )
    stealth = sum(
        1 for p in STEALTH_RISKY if any(f.rule == "undisclosed-promotion" for f in found("ラーメン店", p))
    )
    false = sum(
        1
        for industry, phrase in HARMLESS
        if any(f.rule in ("advertising-claim", "undisclosed-promotion") for f in found(industry, phrase))
    )
    with capsys.disabled():
        print(
            f"\nrisky caught {caught + stealth}/{len(RISKY) + len(STEALTH_RISKY)}, "
            f"harmless flagged {false}/{len(HARMLESS)}"
        )
    assert caught == len(RISKY) and stealth == len(STEALTH_RISKY) and false == 0
