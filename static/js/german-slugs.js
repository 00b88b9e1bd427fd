// Address names ("slugs") filled in from a German title the way German addresses are written:
// ä → ae, ö → oe, ü → ue, ß → ss (Django's URLify would make "fur" of "für"), and a dash between words
// ("Kamen–Unna") stays a hyphen instead of vanishing ("kamenunna").
(function () {
    "use strict";
    const urlify = window.URLify;
    if (!urlify) {
        return;
    }
    const GERMAN = {ä: "ae", ö: "oe", ü: "ue", Ä: "Ae", Ö: "Oe", Ü: "Ue", ß: "ss", ẞ: "SS"};
    window.URLify = function (text, maxLength, allowUnicode) {
        const german = text.replace(/[äöüÄÖÜßẞ]/g, (letter) => GERMAN[letter]).replace(/[\u2010-\u2015\u2212/]/g, "-");
        return urlify(german, maxLength, allowUnicode);
    };
})();
