// The page's words in its two languages (the Arabic/English toggle).  Elements with
// data-i18n="key" take the text of the key; scripts ask window.actorgraphI18n.t(key).
(function () {
  "use strict";
  const words = {
    en: {
      export_view: "Export view", documents: "Documents", changes: "Changes", more: "More", whole_graph: "Whole graph",
      verdicts_file: "Verdicts (JSONL)", view: "View", ego_of: "Ego network of", whole_graph_back: "← whole graph",
      depth: "Ego depth", max_actors: "Max. actors", physics: "Physics", fit: "Fit",
      layout_hint: "Positions are computed once: each actor keeps its place across dates. Physics lets them move.",
      relations: "Relations", all: "all", none: "none", actors: "Actors",
      type_PER: "person", type_ORG: "organisation", type_GPE: "state / city", type_FAC: "facility", type_LOC: "place",
      dates_evidence: "Dates & evidence", from: "From", to: "To", stated_only: "Stated dates only",
      with_wrong: "Show relations marked wrong", min_weight: "Min. statements",
      dates_hint: "A relation whose sentence states no date takes its article's date (marked “article”); undated ones are hidden while a date range is set. Each relation counts by its own date.",
      drawing: "drawing…", size_connections: "size = connections", conflict: "conflict", cooperation: "cooperation",
      acts_on: "acts on", mutual: "mutual", play: "▶ Play", pause: "❚❚ Pause", per_month: "per month", per_week: "per week",
      all_dates: "all dates", date_placeholder: "YYYY-MM-DD", date_invalid: "expected a year, year-month or date: 2024, 2024-01 or 2024-01-28",
      timeline_summary: "{n} dated relations, {first} – {last}", timeline_empty: "no dated relation",
      year_only: " · {n} dated by year only", range: "shown: {since} – {until}",
    },
    ar: {
      export_view: "تصدير العرض", documents: "المقالات", changes: "التعديلات", more: "المزيد", whole_graph: "الشبكة كاملة",
      verdicts_file: "الأحكام (JSONL)", view: "العرض", ego_of: "شبكة الفاعل", whole_graph_back: "→ الشبكة كاملة",
      depth: "عمق الشبكة", max_actors: "أقصى عدد من الفاعلين", physics: "الفيزياء", fit: "ملاءمة",
      layout_hint: "تُحسب المواقع مرة واحدة: يبقى كل فاعل في مكانه عبر التواريخ. الفيزياء تحرّكها.",
      relations: "العلاقات", all: "الكل", none: "لا شيء", actors: "الفاعلون",
      type_PER: "شخص", type_ORG: "منظمة", type_GPE: "دولة / مدينة", type_FAC: "منشأة", type_LOC: "مكان",
      dates_evidence: "التواريخ والأدلة", from: "من", to: "إلى", stated_only: "التواريخ المذكورة فقط",
      with_wrong: "إظهار العلاقات الموسومة خاطئة", min_weight: "أدنى عدد من الإفادات",
      dates_hint: "العلاقة التي لا تذكر جملتها تاريخاً تأخذ تاريخ مقالها (”المقال“)؛ غير المؤرخة تُخفى عند تحديد مدة. تُعدّ كل علاقة بتاريخها.",
      drawing: "جارٍ الرسم…", size_connections: "الحجم = عدد الصلات", conflict: "نزاع", cooperation: "تعاون",
      acts_on: "يفعل بـ", mutual: "متبادل", play: "▶ تشغيل", pause: "❚❚ إيقاف", per_month: "شهرياً", per_week: "أسبوعياً",
      all_dates: "كل التواريخ", date_placeholder: "سنة-شهر-يوم", date_invalid: "المطلوب سنة أو سنة-شهر أو تاريخ: ٢٠٢٤ أو ٢٠٢٤-٠١ أو ٢٠٢٤-٠١-٢٨",
      timeline_summary: "{n} علاقة مؤرخة، {first} – {last}", timeline_empty: "لا علاقة مؤرخة",
      year_only: " · {n} مؤرخة بالسنة فقط", range: "المعروض: {since} – {until}",
    },
  };
  const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

  function chosen() {
    const asked = new URLSearchParams(location.search).get("lang");
    if (asked === "ar" || asked === "en") return asked;
    const kept = window.localStorage && localStorage.getItem("actorgraph.lang");
    if (kept === "ar" || kept === "en") return kept;
    return (navigator.language || "en").toLowerCase().startsWith("ar") ? "ar" : "en";
  }

  const i18n = {
    lang: chosen(),
    t(key, values) {
      let text = (words[i18n.lang] && words[i18n.lang][key]) || words.en[key] || key;
      for (const [name, value] of Object.entries(values || {})) text = text.replace(`{${name}}`, value);
      return text;
    },
    // Digits in the page's language (the order of a date stays year-month-day).
    digits(text) {
      return i18n.lang === "ar" ? String(text).replace(/[0-9]/g, (d) => ARABIC_DIGITS[d]) : String(text);
    },
    // Any digits (Arabic-Indic, Persian, Latin) as Latin ones.
    latin(text) {
      return String(text)
        .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660))
        .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0));
    },
    apply(root) {
      for (const element of (root || document).querySelectorAll("[data-i18n]")) {
        element.textContent = i18n.t(element.dataset.i18n);
      }
    },
    set(lang) {
      i18n.lang = lang;
      try {
        localStorage.setItem("actorgraph.lang", lang);
      } catch (error) {
        /* private mode: the choice lasts for this page */
      }
    },
  };
  window.actorgraphI18n = i18n;
})();
