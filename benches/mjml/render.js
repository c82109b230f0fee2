// Renders the invoice email of projects/invoice.ron with MJML for every record in a JSON
// file and prints how long that took. Run by ../compare_mjml.py; not part of Prism.
const fs = require("fs");
const mjml2html = require("mjml");

const esc = (s) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const money = (v, cur) =>
  new Intl.NumberFormat("de-DE", { style: "currency", currency: cur || "EUR" }).format(Number(v));
const date = (iso) => (iso || "").split("-").reverse().join(".");

function salutation(r) {
  const open = r.salutation === "Frau" ? "Sehr geehrte Frau " : r.salutation === "Herr" ? "Sehr geehrter Herr " : "Guten Tag ";
  const title = r.title ? r.title + " " : "";
  const name = r.salutation ? r.last_name : `${r.first_name} ${r.last_name}`;
  return esc(open + title + name) + ",";
}

function invoiceMjml(r) {
  const inv = r.invoice || {};
  const cur = inv.currency;
  const items = inv.items || [];
  const rows = items
    .map((i) => `<tr><td>${esc(i.name)}</td><td align="right">${esc(i.qty)}</td><td align="right">${money(i.price, cur)}</td><td align="right">${money(i.qty * Number(i.price), cur)}</td></tr>`)
    .join("");
  const table = items.length
    ? `<mj-table font-size="14px"><tr style="border-bottom:2px solid #1f2328"><th align="left">Position</th><th align="right">Menge</th><th align="right">Einzelpreis</th><th align="right">Betrag</th></tr>${rows}<tr><td><b>Gesamt</b></td><td></td><td></td><td align="right"><b>${money(inv.total, cur)}</b></td></tr></mj-table>`
    : `<mj-text><i>Diese Rechnung enthält keine Positionen.</i></mj-text>`;
  const due = Number(inv.total) > 0
    ? `<mj-text>Bitte überweisen Sie den Betrag bis zum <b>${date(inv.due_date)}</b> oder bezahlen Sie bequem online.</mj-text>
       <mj-button background-color="#0b4f8a" color="#ffffff" align="left" href="https://www.lumina-mobil.example/bezahlen?rechnung=${encodeURIComponent(inv.number)}">Jetzt bezahlen</mj-button>`
    : `<mj-text>Der Rechnungsbetrag ist 0,00 €. Sie müssen nichts tun.</mj-text>`;
  return `<mjml lang="de">
  <mj-head>
    <mj-title>Ihre Rechnung ${esc(inv.number)}</mj-title>
    <mj-preview>Rechnungsbetrag ${money(inv.total, cur)}, fällig am ${date(inv.due_date)}.</mj-preview>
    <mj-attributes><mj-all font-family="'Source Sans 3', Arial, Helvetica, sans-serif" /><mj-text font-size="16px" line-height="24px" color="#1f2328" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#eef2f6" width="600px">
    <mj-section background-color="#ffffff" padding="24px 20px">
      <mj-column>
        <mj-image src="cid:logo" alt="Lumina Mobil GmbH" width="160px" align="left" />
        <mj-text font-size="26px" line-height="34px" font-weight="700">Ihre Rechnung ${esc(inv.number)}</mj-text>
        <mj-text>${salutation(r)}</mj-text>
        <mj-text>anbei erhalten Sie Ihre Rechnung <b>${esc(inv.number)}</b> über <b>${money(inv.total, cur)}</b>.</mj-text>
        ${table}
        ${due}
        <mj-text>Fragen zur Rechnung? Antworten Sie einfach auf diese E-Mail oder rufen Sie uns an: <a href="tel:+492211234560">0221 123456-0</a>.</mj-text>
        <mj-text>Mit freundlichen Grüßen<br /><br />Ihr Rechnungsservice von Lumina Mobil</mj-text>
        <mj-text font-size="12px" line-height="18px" color="#667085">Lumina Mobil GmbH · Musterallee 1 · 50667 Köln · Amtsgericht Köln HRB 123456 · USt-IdNr. DE123456789 · Geschäftsführerin: Dr. Anna Beispiel · IBAN DE02 3705 0198 0000 1234 56</mj-text>
        <mj-text font-size="12px" line-height="18px" color="#667085">Lumina Mobil GmbH<br />Musterallee 1<br />50667 Köln</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

async function main() {
  const records = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (const r of records) {
    const out = await Promise.resolve(mjml2html(invoiceMjml(r), { validationLevel: "soft" }));
    if (out.errors && out.errors.length && process.env.MJML_DEBUG) console.error(out.errors);
    bytes += out.html.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ emails: records.length, seconds, per_second: records.length / seconds, html_bytes: bytes }));
}

main();
