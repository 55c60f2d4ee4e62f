import { ReasonCode } from '../subject/subject-events';
import { Labels } from './catalogue';

/**
 * What each reason the domain gives means, in words for the person, in Kazakh, Russian and English.
 * Events keep the domain's own message (English, for operators and auditors, and immutable); the
 * person's report (Law 94-V Art. 24(1)), the catalogue and the console explain each reason in the
 * reader's language. A record over the domain's closed list: a new reason does not compile untold.
 */
export const REASON_LABELS: Readonly<Record<ReasonCode, Labels>> = {
  'no-consent': {
    kk: 'Сіз бұл деректерді осы мақсатпен осы алушыға беруге келісім бермегенсіз.',
    ru: 'Вы не давали согласия на передачу этих данных этому получателю для этой цели.',
    en: 'You had not consented to this data going to this recipient for this purpose.',
  },
  'consent-given-later': {
    kk: 'Сіздің келісіміңіз бұл сәттен кейін ғана берілген.',
    ru: 'Ваше согласие было дано только после этого момента.',
    en: 'Your consent was given only after this moment.',
  },
  withdrawn: {
    kk: 'Сіз бұл келісімді кері қайтарып алғансыз.',
    ru: 'Вы отозвали это согласие.',
    en: 'You had withdrawn this consent.',
  },
  'term-ended': {
    kk: 'Келісіміңіздің мерзімі өтіп кеткен.',
    ru: 'Срок вашего согласия истёк.',
    en: 'The term of your consent had ended.',
  },
  'purposes-achieved': {
    kk: 'Келісімнің мақсаттарына қол жеткізілген, сондықтан ол тоқтатылған.',
    ru: 'Цели согласия были достигнуты, поэтому его действие прекращено.',
    en: 'The purposes of the consent had been achieved, which ended it.',
  },
  'policy-not-accepted': {
    kk: 'Сіз құпиялылық саясатының қолданыстағы нұсқасын қабылдамағансыз.',
    ru: 'Вы не приняли действующую версию политики конфиденциальности.',
    en: 'You had not accepted the version of the privacy policy in force.',
  },
  'cross-border-not-allowed': {
    kk: 'Сіздің келісіміңіз деректеріңізді шетелге беруге рұқсат етпеген.',
    ru: 'Ваше согласие не разрешало передачу ваших данных за рубеж.',
    en: 'Your consent did not allow your data to go abroad.',
  },
  'cross-border-withdrawn': {
    kk: 'Сіз деректеріңізді шетелге беруге берген келісіміңізді кері қайтарып алғансыз.',
    ru: 'Вы отозвали согласие на передачу ваших данных за рубеж.',
    en: 'You had withdrawn your consent to your data going abroad.',
  },
  'legal-basis-not-applicable': {
    kk: 'Көрсетілген заң негізі бұл алушыға немесе бұл мақсатқа қолданылмайды.',
    ru: 'Указанное правовое основание не применяется к этому получателю или этой цели.',
    en: 'The legal basis given does not apply to this recipient or this purpose.',
  },
  'subject-erased': {
    kk: 'Сіздің деректеріңіз жойылған.',
    ru: 'Ваши данные были уничтожены.',
    en: 'Your data had been erased.',
  },
  'obligations-unfulfilled': {
    kk: 'Қарыз бойынша міндеттемелеріңіз орындалмайынша бұл мақсаттарға берілген келісімді кері қайтарып алуға болмайды (№ 94-V Заң, 8-бап, 2-тармақ).',
    ru: 'Согласие на эти цели нельзя отозвать, пока не исполнены ваши обязательства по займу (Закон № 94-V, ст. 8 п. 2).',
    en: 'Consent for these purposes cannot be withdrawn while your loan obligations are unfulfilled (Law 94-V Art. 8(2)).',
  },
  'required-by-law': {
    kk: 'Ұйымның осы мақсаттар үшін деректеріңізді өзі өңдеуін заң талап етеді, сондықтан бұл бөлікті кері қайтарып алуға болмайды (№ 94-V Заң, 8-бап, 2-тармақ).',
    ru: 'Обработку ваших данных самой организацией для этих целей требует закон, поэтому эту часть отозвать нельзя (Закон № 94-V, ст. 8 п. 2).',
    en: 'A law requires the lender’s own processing of your data for these purposes, so that part cannot be withdrawn (Law 94-V Art. 8(2)).',
  },
};

/** The reason as the event holds it, with what it means in `language` added (`explanation`). */
export function explained<R extends { code: string }>(reason: R, language: keyof Labels): R & { explanation?: string } {
  const labels = (REASON_LABELS as Readonly<Record<string, Labels | undefined>>)[reason.code];
  return labels ? { ...reason, explanation: labels[language] } : reason;
}
