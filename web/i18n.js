// User-interface strings in English and Korean, and Korean wording for the engine's
// messages (the engine reports in English). Static text in index.html carries
// data-i18n="key" (text) or data-i18n-attr="attr:key;attr:key" (attributes).

const STRINGS = {
  en: {
    pageTitle: 'Leibniz — derivative calculator',
    tagline: 'Type a function and see its derivative as you type. Everything runs in your browser.',
    navMatrix: 'Matrix calculus, Jacobians and the gradient picture',
    otherLanguage: '한국어',
    otherLanguageLabel: 'Switch to Korean (한국어)',
    themeAuto: 'Theme: follows the system',
    themeLight: 'Theme: light',
    themeDark: 'Theme: dark',
    exprLabel: 'Function',
    exprPlaceholder: 'for example x^2 sin x',
    modeLegend: 'Differentiate',
    modeDerivative: 'Derivative',
    modeMixed: 'Mixed partial',
    modeGradient: 'Gradient',
    variable: 'Variable',
    chooseVariable: 'choose…',
    order: 'Order',
    mixedLabel: 'In order',
    mixedStep: 'Variable {n}',
    mixedAdd: 'Add a variable',
    mixedRemove: 'Remove the last variable',
    gradientOver: 'Partial derivatives with respect to {vars}',
    resultTitle: 'Result',
    whereLabel: 'where',
    whereNote: 'Repeated subexpressions are given names to keep the result short.',
    expandedToggle: 'Fully expanded form',
    expandedNote: 'Every name replaced by its definition ({n} characters).',
    expandedFailed: 'The fully expanded form cannot be shown: {message}',
    loading: 'Loading the engine…',
    working: 'Working…',
    pointLegend: 'Value at a point',
    pointHint: 'Numbers or expressions such as pi/4',
    pointInvalid: '{v}: {message}',
    pointUndefined: 'this value is undefined.',
    pointNotNumber: 'write a number, or an expression without variables such as pi/4.',
    copyLatex: 'Copy LaTeX',
    copyText: 'Copy text',
    copyLink: 'Copy link',
    copied: 'Copied',
    copiedLatex: 'LaTeX copied to the clipboard.',
    copiedText: 'Text copied to the clipboard.',
    copiedLink: 'Link copied. It holds everything on this page; no server sees it.',
    copyFailed: 'Could not use the clipboard; the text is selected instead, so press Ctrl+C.',
    embed: 'Embed',
    embedTitle: 'Embed this derivative',
    embedIntro: 'Paste one of these into a blog post or any web page. The formula is computed in the reader\'s browser.',
    embedElement: 'Custom element (one script tag)',
    embedIframe: 'iframe (for pages that allow no scripts)',
    embedSteps: 'Show the steps',
    embedCopy: 'Copy',
    embedClose: 'Close',
    copiedEmbed: 'Snippet copied to the clipboard.',
    plotTitle: 'Graph',
    plotTangent: 'tangent',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    zoomReset: 'Reset view',
    plotHint: 'Drag to move, scroll or pinch to zoom. Click the graph to draw the tangent there.',
    plotHintNoTangent: 'Drag to move, scroll or pinch to zoom.',
    plotLabel: 'Graph of {f} and {df} for {v} from {x0} to {x1}{tangent}. Use the arrow keys to move and + or − to zoom.',
    plotLabelTangent: ', with the tangent at {v} = {a}',
    plotTooLarge: 'The derivative is too large to plot.',
    plotFailed: 'The graph could not be drawn: {message}',
    tangentAt: 'Tangent at {point}',
    checkTitle: 'Check my answer',
    checkLabel: 'Your derivative',
    checkPlaceholder: 'type your own derivative',
    checkIntro: 'Type the derivative you worked out; it is compared with the result at many points.',
    checkOk: 'Correct: your answer is equivalent to the derivative (it agrees at {n} points).',
    checkOkDomain: 'Equivalent where both are defined (agrees at {n} points), but at {point} only {which} is defined.',
    checkYours: 'your answer',
    checkOurs: 'the derivative',
    checkWrong: 'Not equivalent. At {point} your answer is {yours}, but the derivative is {ours}.',
    checkUndecided: 'Could not decide: the two expressions are defined together at only {n} of the test points.',
    checkVariables: 'Your answer uses {vars}, which the function does not have.',
    yourAnswer: 'Your answer',
    examplesTitle: 'Examples',
    exampleGroupRules: 'Differentiation rules',
    exampleGroupFunctions: 'Functions',
    exampleGroupSeveral: 'Several variables',
    ruleConstant: 'constant rule',
    rulePower: 'power rule',
    ruleConstantMultiple: 'constant multiple rule',
    ruleSum: 'sum rule',
    ruleProduct: 'product rule',
    ruleQuotient: 'quotient rule',
    ruleChain: 'chain rule',
    tagMixed: 'mixed partial',
    tagGradient: 'gradient',
    tagSecond: 'second derivative',
    footerSyntax: 'Write products as 2x or x·y, powers as x^2, functions as sin x or sin(x), and |x| for the absolute value. A left side such as y = or f(x, y) = is optional.',
    footerPrivacy: 'Nothing you type leaves this page: the calculator runs in your browser, and a shared link keeps the expression after the # sign, which browsers do not send to servers.',
    timeout: 'This calculation took longer than 3 seconds, so it was stopped and the engine was restarted. Try a simpler expression or a lower order.',
    crashed: 'The calculation engine stopped unexpectedly ({message}) and was restarted. Try again, or try a simpler expression.',
    unavailable: 'The calculation engine could not be loaded ({message}). Reload the page to try again.',
    tooLargeToTypeset: 'This formula is too large to typeset, so it is shown as text.',
    charactersInAll: '… ({n} characters in all)',
    errorAt: '(characters {from} to {to} of the input: “{text}”)',
    errorAtOne: '(character {from} of the input: “{text}”)',
    errorAtEnd: '(at the end of the input)',
    ambiguous: 'This expression has several variables ({vars}). Choose the one to differentiate by.',
    announceResult: 'Derivative: {text}',
    announceGradient: 'Gradient: {text}',
    announceError: 'Error: {message}',
    stepsTitle: 'Steps',
    stepsLoading: 'Working out the steps…',
    stepsOrder: '{nth} derivative',
    stepsWrt: 'With respect to {v}',
    stepsOrderWrt: '{nth} derivative, with respect to {v}',
    stepsStep: 'Step {n}',
    stepsExpand: 'Expand ({n} steps)',
    stepsExpandOne: 'Expand (1 step)',
    stepsExpanding: 'Loading…',
    stepsExpandFailed: 'These steps could not be loaded: {message}',
    stepsSubsteps: 'Sub-steps of step {n}',
    stepsSee: 'see step {n}',
    stepsInGeneral: 'In general',
    stepsOmittedOne: '{n} more step not shown.',
    stepsOmitted: '{n} more steps not shown.',
    stepsTooLarge: 'This formula is too large to typeset ({n} characters).',
    stepsFailed: 'The steps could not be worked out: {message}',
    stepsTimeout: 'Explaining this expression took too long, so the steps were stopped.',
  },
  ko: {
    pageTitle: 'Leibniz — 미분 계산기',
    tagline: '함수를 입력하면 입력하는 대로 도함수를 바로 보여 줍니다. 모든 계산은 브라우저 안에서 이루어집니다.',
    navMatrix: '행렬 미분, 야코비 행렬, 그라디언트 그림',
    otherLanguage: 'English',
    otherLanguageLabel: '영어로 보기 (English)',
    themeAuto: '테마: 시스템 설정을 따름',
    themeLight: '테마: 밝게',
    themeDark: '테마: 어둡게',
    exprLabel: '함수',
    exprPlaceholder: '예: x^2 sin x',
    modeLegend: '미분 방식',
    modeDerivative: '도함수',
    modeMixed: '혼합 편미분',
    modeGradient: '그래디언트',
    variable: '변수',
    chooseVariable: '선택…',
    order: '차수',
    mixedLabel: '미분 순서',
    mixedStep: '{n}번째로 미분할 변수',
    mixedAdd: '변수 추가',
    mixedRemove: '마지막 변수 빼기',
    gradientOver: '{vars} 각각에 대한 편도함수',
    resultTitle: '결과',
    whereLabel: '단,',
    whereNote: '결과를 짧게 쓰려고 되풀이되는 부분식에 이름을 붙였습니다.',
    expandedToggle: '모두 펼친 식',
    expandedNote: '이름을 모두 그 정의로 바꿔 쓴 식입니다(전체 {n}자).',
    expandedFailed: '모두 펼친 식은 보여 줄 수 없습니다: {message}',
    loading: '계산 엔진을 불러오는 중…',
    working: '계산 중…',
    pointLegend: '한 점에서의 값',
    pointHint: '숫자나 pi/4 같은 식',
    pointInvalid: '{v}: {message}',
    pointUndefined: '값이 정의되지 않습니다.',
    pointNotNumber: '숫자나 pi/4처럼 변수가 없는 식을 쓰세요.',
    copyLatex: 'LaTeX 복사',
    copyText: '텍스트 복사',
    copyLink: '링크 복사',
    copied: '복사함',
    copiedLatex: 'LaTeX를 클립보드에 복사했습니다.',
    copiedText: '텍스트를 클립보드에 복사했습니다.',
    copiedLink: '링크를 복사했습니다. 이 화면의 내용이 링크에 모두 들어 있고, 서버로는 전송되지 않습니다.',
    copyFailed: '클립보드를 쓸 수 없어 텍스트를 선택해 두었습니다. Ctrl+C를 누르세요.',
    embed: '퍼가기',
    embedTitle: '이 도함수 퍼가기',
    embedIntro: '아래 코드 중 하나를 블로그 글이나 웹 페이지에 붙여 넣으세요. 수식은 읽는 사람의 브라우저에서 계산됩니다.',
    embedElement: '사용자 정의 요소(스크립트 태그 하나)',
    embedIframe: 'iframe(스크립트를 쓸 수 없는 페이지용)',
    embedSteps: '풀이 과정 보이기',
    embedCopy: '복사',
    embedClose: '닫기',
    copiedEmbed: '코드를 클립보드에 복사했습니다.',
    plotTitle: '그래프',
    plotTangent: '접선',
    zoomIn: '확대',
    zoomOut: '축소',
    zoomReset: '처음 보기로',
    plotHint: '드래그해서 움직이고, 휠이나 두 손가락으로 확대·축소합니다. 그래프를 누르면 그 점의 접선을 그립니다.',
    plotHintNoTangent: '드래그해서 움직이고, 휠이나 두 손가락으로 확대·축소합니다.',
    plotLabel: '{v}가 {x0}부터 {x1}까지일 때 {f}와 {df}의 그래프{tangent}. 화살표 키로 움직이고 + 또는 − 키로 확대·축소합니다.',
    plotLabelTangent: ' ({v} = {a}에서의 접선 포함)',
    plotTooLarge: '도함수가 너무 커서 그래프를 그리지 않았습니다.',
    plotFailed: '그래프를 그리지 못했습니다: {message}',
    tangentAt: '{point}에서의 접선',
    checkTitle: '정답 확인',
    checkLabel: '내가 구한 도함수',
    checkPlaceholder: '직접 구한 도함수를 입력하세요',
    checkIntro: '직접 구한 도함수를 입력하면 여러 점에서 값을 비교해 같은 식인지 알려 줍니다.',
    checkOk: '정답입니다. 입력한 식이 도함수와 같습니다 ({n}개 점에서 값이 일치).',
    checkOkDomain: '두 식이 모두 정의되는 곳에서는 같습니다 ({n}개 점에서 일치). 다만 {point}에서는 {which}만 정의됩니다.',
    checkYours: '입력한 답',
    checkOurs: '도함수',
    checkWrong: '다른 식입니다. {point}에서 입력한 답은 {yours}이지만 도함수는 {ours}입니다.',
    checkUndecided: '판단할 수 없습니다. 두 식이 함께 정의되는 점이 시험한 점 가운데 {n}개뿐입니다.',
    checkVariables: '입력한 답에 함수에 없는 변수 {vars}가 있습니다.',
    yourAnswer: '입력한 답',
    examplesTitle: '예시',
    exampleGroupRules: '미분 법칙',
    exampleGroupFunctions: '여러 가지 함수',
    exampleGroupSeveral: '다변수 함수',
    ruleConstant: '상수의 미분 법칙',
    rulePower: '제곱의 법칙',
    ruleConstantMultiple: '상수 곱 법칙',
    ruleSum: '합의 법칙',
    ruleProduct: '곱의 법칙',
    ruleQuotient: '몫의 법칙',
    ruleChain: '연쇄 법칙',
    tagMixed: '혼합 편미분',
    tagGradient: '그래디언트',
    tagSecond: '이계도함수',
    footerSyntax: '곱은 2x나 x·y, 거듭제곱은 x^2, 함수는 sin x나 sin(x), 절댓값은 |x|처럼 씁니다. y = 나 f(x, y) = 같은 왼쪽 변은 써도 되고 안 써도 됩니다.',
    footerPrivacy: '입력한 내용은 이 페이지 밖으로 나가지 않습니다. 계산은 브라우저 안에서 이루어지고, 공유 링크는 식을 # 뒤에 담기 때문에 서버로 전송되지 않습니다.',
    timeout: '계산이 3초를 넘어서 중단하고 계산 엔진을 다시 시작했습니다. 더 간단한 식이나 더 낮은 차수로 해 보세요.',
    crashed: '계산 엔진이 예기치 않게 멈춰서({message}) 다시 시작했습니다. 다시 해 보거나 더 간단한 식으로 해 보세요.',
    unavailable: '계산 엔진을 불러오지 못했습니다({message}). 페이지를 새로 고쳐 주세요.',
    tooLargeToTypeset: '수식이 너무 커서 텍스트로 보여 줍니다.',
    charactersInAll: '… (전체 {n}자)',
    errorAt: '(입력의 {from}번째부터 {to}번째 글자: “{text}”)',
    errorAtOne: '(입력의 {from}번째 글자: “{text}”)',
    errorAtEnd: '(입력의 끝)',
    ambiguous: '변수가 여러 개입니다({vars}). 어느 변수로 미분할지 고르세요.',
    announceResult: '도함수: {text}',
    announceGradient: '그래디언트: {text}',
    announceError: '오류: {message}',
    stepsTitle: '풀이 과정',
    stepsLoading: '풀이 과정을 만드는 중…',
    stepsOrder: '{nth}계 도함수',
    stepsWrt: '{v}에 대한 편미분',
    stepsOrderWrt: '{nth}계 도함수: {v}에 대한 편미분',
    stepsStep: '{n}단계',
    stepsExpand: '펼치기 ({n}단계)',
    stepsExpandOne: '펼치기 (1단계)',
    stepsExpanding: '불러오는 중…',
    stepsExpandFailed: '이 단계들을 불러오지 못했습니다: {message}',
    stepsSubsteps: '{n}단계의 세부 단계',
    stepsSee: '{n}단계 참고',
    stepsInGeneral: '일반형',
    stepsOmittedOne: '나머지 {n}단계는 생략했습니다.',
    stepsOmitted: '나머지 {n}단계는 생략했습니다.',
    stepsTooLarge: '수식이 너무 커서({n}자) 조판하지 않았습니다.',
    stepsFailed: '풀이 과정을 만들지 못했습니다: {message}',
    stepsTimeout: '풀이 과정을 만드는 데 너무 오래 걸려서 중단했습니다.',
  },
};

export const LANGUAGES = Object.keys(STRINGS);
let lang = 'en';

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = STRINGS[next] ? next : 'en';
}

// The first of the browser's preferred languages that we have, else English.
export function preferredLanguage(languages = navigator.languages || [navigator.language]) {
  for (const l of languages) {
    const base = String(l || '').toLowerCase().split('-')[0];
    if (STRINGS[base]) return base;
  }
  return 'en';
}

export function t(key, params = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// Fills every data-i18n / data-i18n-attr element under `root`.
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  document.title = t('pageTitle');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr, t(key));
    }
  }
}

// ---------------------------------------------------------------- engine messages

// Korean for the engine's messages (core/parser.cpp, wasm/api.cpp, core/eval.cpp). A message
// without a pattern here is shown in English.
const Q = "'([^']*)'";
const KO_MESSAGES = [
  [new RegExp(`^unknown function ${Q}; did you mean ${Q}\\?$`), "'$1'이라는 함수는 없습니다. 혹시 '$2'인가요?"],
  [new RegExp(`^missing an operand after ${Q}$`), "'$1' 뒤에 올 항이 빠졌습니다."],
  [new RegExp(`^missing an argument for ${Q}$`), "'$1'에 넣을 인수가 빠졌습니다."],
  [new RegExp(`^missing expression after ${Q}$`), "'$1' 뒤에 식이 빠졌습니다."],
  [new RegExp(`^missing operand before ${Q}$`), "'$1' 앞에 올 항이 빠졌습니다."],
  [/^missing expression after d\/d(\S+)$/, 'd/d$1 뒤에 미분할 식이 빠졌습니다.'],
  [/^missing '\)' for this '\('$/, "이 '('를 닫는 ')'가 없습니다."],
  [/^missing closing '\|' for this '\|'$/, "이 '|'를 닫는 '|'가 없습니다."],
  [/^unmatched '\)'$/, "짝이 없는 ')'가 있습니다."],
  [/^'\|' is not closed before '\)'$/, "')' 앞에서 '|'가 닫히지 않았습니다."],
  [/^empty parentheses$/, '괄호 안이 비어 있습니다.'],
  [/^the input is empty$/, '입력이 비어 있습니다.'],
  [/^unexpected character '(.+)' \((U\+[0-9A-F]+)\)$/, "여기에는 '$1'($2) 문자를 쓸 수 없습니다."],
  [/^unexpected invisible character (U\+[0-9A-F]+)$/, '보이지 않는 문자($1)가 들어 있습니다.'],
  [/^a number has a second decimal point$/, '숫자에 소수점이 두 개 있습니다.'],
  [new RegExp(`^${Q} is not a number$`), "'$1'은(는) 숫자가 아닙니다."],
  [new RegExp(`^${Q} is not a variable name$`), "'$1'은(는) 변수 이름이 아닙니다."],
  [/^missing operator before the number (.+)$/, '숫자 $1 앞에 연산자가 빠졌습니다.'],
  [/^division by zero$/, '0으로 나눌 수 없습니다.'],
  [new RegExp(`^${Q} takes (\\d+(?: or \\d+)?) arguments? in parentheses, as in (.+)$`), "'$1'은(는) $3처럼 괄호 안에 인수 $2개를 씁니다."],
  [new RegExp(`^${Q} takes (\\d+) or (\\d+) arguments, not (\\d+)$`), "'$1'의 인수는 $2개나 $3개인데 $4개를 썼습니다."],
  [new RegExp(`^${Q} takes (\\d+) arguments?, not (\\d+)$`), "'$1'의 인수는 $2개인데 $3개를 썼습니다."],
  [new RegExp(`^${Q} needs an argument$`), "'$1'에 인수가 필요합니다."],
  [new RegExp(`^after ${Q} write a number, as in (.+)$`), "'$1' 뒤에는 $2처럼 숫자를 씁니다."],
  [new RegExp(`^${Q} has no inverse function here; write (.+) for a reciprocal$`), "'$1'에 해당하는 역함수가 없습니다. 역수는 $2처럼 쓰세요."],
  [/^the left side of '=' must be a name such as y or f\(x\)$/, "'='의 왼쪽에는 y나 f(x) 같은 이름만 쓸 수 있습니다."],
  [/^unexpected '='; only one left side such as 'y =' is allowed$/, "'='가 또 있습니다. 'y ='처럼 왼쪽 변은 하나만 쓸 수 있습니다."],
  [/^unexpected ','; commas separate function arguments, as in (.+)$/, '쉼표는 $1처럼 함수의 인수를 나눌 때만 씁니다.'],
  [/^a superscript exponent is too long$/, '위첨자 지수가 너무 깁니다.'],
  [/^a superscript minus needs digits after it$/, '위첨자 마이너스 뒤에는 숫자가 와야 합니다.'],
  [/^the input has several variables \((.+)\); choose the one to differentiate by$/, '변수가 여러 개입니다($1). 어느 변수로 미분할지 고르세요.'],
  [/^the input has (\d+) characters, more than the limit of (\d+)$/, '입력이 $1자로, 한도인 $2자를 넘습니다.'],
  [/^the expression is nested deeper than the limit of (\d+) levels$/, '식이 너무 깊게 겹쳐 있습니다(한도 $1단계).'],
  [/^the order (\d+) exceeds the limit of (\d+)$/, '차수 $1은(는) 한도인 $2을(를) 넘습니다.'],
  [/^the total order (\d+) exceeds the limit of (\d+)$/, '전체 차수 $1은(는) 한도인 $2을(를) 넘습니다.'],
  [/^the order must be 1 or more$/, '차수는 1 이상이어야 합니다.'],
  [/^the computation needs more than the limit of (\d+) expression nodes$/, '계산에 필요한 식이 한도($1개 노드)보다 큽니다.'],
  [/^the printed result is longer than the limit of (\d+) characters$/, '결과가 너무 깁니다(한도 $1자).'],
  [/^the printed result is longer than the limit of (.+)$/, '결과가 너무 깁니다(한도 $1).'],
  [/^the computation ran out of memory$/, '계산하다가 메모리가 부족해졌습니다.'],
  [/^the computation took longer than the limit of (.+)$/, '계산 시간이 한도($1)를 넘었습니다.'],
  [/^(?:a number|an exact number|an exact power|the exponent of a number) (?:exceeds|would exceed) the limit of (\d+) digits$/, '수가 너무 큽니다(한도 $1자리).'],
  [/^no value given for (.+) in the evaluation point$/, '$1의 값이 없습니다.'],
  [/^the input contains an invalid character \(a lone surrogate\)$/, '입력에 잘못된 문자가 들어 있습니다.'],
  [/^the input is not valid UTF-8 text$/, '입력이 올바른 UTF-8 텍스트가 아닙니다.'],
  [/^the input is undefined for every value of (.+?): (.+) is not a real number$/, '입력은 $1의 모든 값에서 정의되지 않습니다: $2은(는) 실수가 아닙니다.'],
  [/^the input is undefined: (.+) is not a real number$/, '입력이 정의되지 않습니다: $1은(는) 실수가 아닙니다.'],
  [/^not differentiable at (.+) = 0$/, '$1 = 0에서는 미분할 수 없습니다.'],
  [/^not differentiable where (.+) = 0$/, '$1 = 0인 점에서는 미분할 수 없습니다.'],
];

// The engine's message in the current language, as a sentence.
export function engineMessage(message) {
  let s = String(message || '');
  if (lang === 'ko') {
    const inInput = / in the input$/.test(s);
    if (inInput) s = s.replace(/ in the input$/, '');
    const hit = KO_MESSAGES.find(([re]) => re.test(s));
    if (hit) return s.replace(hit[0], hit[1]);
    s = String(message || '');
  }
  return s ? s[0].toUpperCase() + s.slice(1) + (/[.?!]$/.test(s) ? '' : '.') : s;
}

// A formula's text form made easier to listen to: '2*x^2' reads "2 x squared".
export function speakable(text) {
  const ko = lang === 'ko';
  return text
    .replace(/\^2\b/g, ko ? '의 제곱' : ' squared')
    .replace(/\^3\b/g, ko ? '의 세제곱' : ' cubed')
    .replace(/\^\(?(-?[\w./]+)\)?/g, ko ? '의 $1제곱' : ' to the power $1')
    .replace(/\*/g, ' ')
    .replace(/ - /g, ko ? ' 빼기 ' : ' minus ')
    .replace(/ \+ /g, ko ? ' 더하기 ' : ' plus ')
    .replace(/\//g, ko ? ' 나누기 ' : ' over ')
    .replace(/\s+/g, ' ')
    .trim();
}
