// Reads a JSON list of texts on stdin and prints, for each, what the independent
// `sms-segments-calculator` package (MIT) makes of it.
const { SegmentedMessage } = require("sms-segments-calculator");
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((text) => {
    const m = new SegmentedMessage(text);
    return {
      encoding: m.encodingName,
      segments: m.segmentsCount,
      non_gsm: [...new Set(m.getNonGsmCharacters())],
    };
  });
  process.stdout.write(JSON.stringify(out));
});
