/**
 * The domain lists email classification reads: data, small on purpose — the
 * providers most leads actually come from, not every one that exists. Space
 * separated to stay compact in the bundle.
 */

/** Free mailbox providers, by exact domain. */
export const FREE_DOMAINS =
  'gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com rocketmail.com aol.com ' +
  'icloud.com me.com mac.com proton.me protonmail.com protonmail.ch pm.me tutanota.com tuta.io fastmail.com hey.com ' +
  'zohomail.com mail.com email.com inbox.com gmx.de gmx.net gmx.at gmx.ch gmx.com web.de t-online.de freenet.de ' +
  'mail.ru bk.ru list.ru inbox.ru rambler.ru yandex.ru yandex.com ya.ru qq.com 163.com 126.com yeah.net sina.com ' +
  'naver.com daum.net hanmail.net rediffmail.com orange.fr wanadoo.fr free.fr laposte.net sfr.fr libero.it virgilio.it ' +
  'seznam.cz wp.pl o2.pl interia.pl onet.pl btinternet.com sky.com comcast.net att.net verizon.net sbcglobal.net bluewin.ch';

/** Brands whose every country domain is free mail (`hotmail.co.uk`, `yahoo.fr`, `gmx.es`…): the label before the public suffix. */
export const FREE_BRANDS = 'gmail googlemail hotmail outlook live yahoo ymail aol gmx yandex';

/** The most common disposable (throw-away) address services. */
export const DISPOSABLE_DOMAINS =
  'mailinator.com guerrillamail.com guerrillamail.net guerrillamail.org guerrillamail.de guerrillamailblock.com ' +
  'sharklasers.com grr.la 10minutemail.com 10minutemail.net temp-mail.org temp-mail.io tempmail.com tempmailo.com ' +
  'yopmail.com yopmail.fr yopmail.net trashmail.com trashmail.de trashmail.net dispostable.com getnada.com ' +
  'maildrop.cc mailnesia.com throwawaymail.com fakeinbox.com discard.email mohmal.com emailondeck.com mintemail.com ' +
  'spamgourmet.com mytemp.email burnermail.io mailcatch.com spam4.me moakt.com tempail.com emailfake.com tempr.email';

/**
 * Second-level labels that, under a two-letter country code, form a public suffix
 * (`co.uk`, `com.au`, `ac.jp`): the registrable domain is then one label longer.
 */
export const SECOND_LEVEL = 'co com org net ac edu gov ne or gv ltd plc sch nic mil';
