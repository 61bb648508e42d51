"""Small generic vocabularies: stop words and page-furniture words in several languages.

Prose is full of function words whatever the site; menus, buttons and footers are made of a
handful of interface words. The lists are generic (nothing here comes from a particular page),
and the classifier only sees the shares they produce, never the words themselves.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: frozenset[str] = _words(
    # English
    "a about after all also an and any are as at be been but by can could did do does for from"
    " had has have he her his how i if in into is it its just more most my no not of on one or"
    " our out over said she so some such than that the their them then there these they this"
    " those to up was we were what when where which while who will with would you your"
    # German
    " aber als am auch auf aus bei bis das dass dem den der des die doch ein eine einem einen"
    " einer eines er es für hat ich ihr im ist ja kann mit nach nicht noch nur oder sich sie"
    " sind so um und uns von vor war wie wir wird zu zum zur über"
    # French
    " au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui mais"
    " par pas pour qu que qui sa se ses son sont sur un une vous nous été être"
    # Spanish / Portuguese / Italian
    " al como con del el es esta este hay las lo los más no para pero por se su sus una y ya"
    " ao até da das do dos ela ele em foi mais na nas no nos não os pela pelo que são um uma é"
    " che di gli il nel non per sono tra questo della delle anche"
    # Dutch
    " een het van zijn ook maar bij naar niet wordt werd heeft"
    # Indonesian / Malay
    " dan yang di ke dari ini itu dengan untuk pada adalah tidak akan juga dalam oleh karena"
    # Russian / Ukrainian
    " и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только"
    " ее мне было вот от меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был"
    " него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо"
    " ней для мы тебя их чем была сам чтобы без будто чего раз тоже себе под будет ж тогда кто"
    " этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас"
    " були від що як та це й але"
)

# Interface words: menus, share bars, subscription prompts, footers, players.
UI_WORDS: frozenset[str] = _words(
    # English
    "share shares tweet email emails print comment comments reply subscribe subscribed subscription"
    " newsletter newsletters login log sign signin signup register account menu search home"
    " advertisement advertising sponsored ad ads cookie cookies privacy policy terms contact"
    " about careers follow facebook twitter instagram linkedin pinterest youtube whatsapp"
    " reddit tumblr flipboard rss feed more read watch listen play pause video videos photo"
    " photos gallery image images loading next previous prev back top skip navigation"
    " copyright rights reserved related trending popular recommended sections topics tags"
    " download app apps podcast podcasts live updated click here continue toggle close"
    " open submit send sitemap accessibility settings notifications consent agree personal"
    " data gdpr unsubscribe revoke"
    # German
    " teilen drucken kommentar kommentare anmelden abonnieren suche datenschutz impressum"
    " werbung weiterlesen mehr startseite anzeige"
    # French
    " partager imprimer commentaires connexion abonner rechercher publicité accueil suivant"
    " précédent lire"
    # Spanish / Portuguese / Italian
    " compartir imprimir comentarios buscar publicidad inicio suscribirse leer compartilhar"
    " comentários pesquisar publicidade início assine condividi commenti cerca pubblicità"
    # Russian
    " поделиться комментарии поиск реклама подписаться войти главная читать"
)

# Words that open a reader-comment section (a short line made of them marks where comments start).
COMMENT_WORDS: frozenset[str] = _words(
    "comment comments commenting reply replies responses discussion discuss conversation"
    " kommentar kommentare commentaire commentaires comentario comentarios comentários"
    " commento commenti reacties komentar комментарии комментарий коментарі"
    " 评论 コメント 댓글"
)

# Words of picture credits and captions.
CAPTION_WORDS: frozenset[str] = _words(
    "photo photos photograph photographer image images picture pictures credit credits"
    " illustration file getty afp reuters shutterstock istock epa ap pool courtesy caption"
    " foto fotos bild imagen imagem фото"
)

# Second-person words: prompts, notices and calls to action address the reader.
YOU_WORDS: frozenset[str] = _words(
    "you your yours yourself vous votre vos tu du dein deine ihr euch usted su tú você seu sua"
    " voi tuo anda kamu вы ваш ваше ты"
)
