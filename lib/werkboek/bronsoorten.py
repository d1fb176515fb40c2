"""The kinds of data source, each declared once: demo, cbs and momentopname.

Each kind says what it is (its name and Dutch description for the parameters cell), whether it reads only,
whether its figures are synthetic, how it describes itself in a report, in which cache folder its tables live,
and how it gets a CBS table or a DUO file (generate, download, or never). :class:`werkboek.bronnen.DataBron` holds
one kind and asks it; no other module compares a source's name with a string. DUO open education data come with
the same kinds: synthetic files for demo, downloads from DUO's portal for cbs, and the cached files for a
snapshot.

The module imports nothing heavy: ``werkboek controleer`` and the command line read the kinds before pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO, CBS, MOMENTOPNAME = "demo", "cbs", "momentopname"


@dataclass(frozen=True)
class Bronsoort:
    """One kind of data source. ``haalt_op`` is False for a read-only kind (a snapshot)."""

    naam: str
    omschrijving: str  # for the parameters cell and the Dutch error on an unknown source
    haalt_op: bool = True
    synthetisch: bool = False

    @property
    def alleen_lezen(self) -> bool:
        return not self.haalt_op

    def is_demo(self, bron) -> bool:
        """Whether the figures are synthetic: demo always; a snapshot when it holds demo tables only."""
        if self.synthetisch:
            return True
        if self.alleen_lezen:
            return bron.cachebronnen() == {DEMO}
        return False

    def cache_bron(self, bron, tabel_id: str | None = None) -> str:
        """The cache folder (``demo`` or ``cbs``) of a table of this kind."""
        if self.synthetisch:
            return DEMO
        if self.haalt_op:
            return CBS
        aanwezig = bron.cachebronnen()
        if tabel_id is not None and not bron.heeft_tabel(CBS, tabel_id) and bron.heeft_tabel(DEMO, tabel_id):
            return DEMO
        return CBS if CBS in aanwezig or not aanwezig else DEMO

    def duo_plek(self, bron, naam: str) -> tuple[str, str]:
        """(cache folder, entry) of a kind of DUO file: duo/<naam> for real files, demo/duo-<naam> for synthetic."""
        demo_plek = (DEMO, f"duo-{naam}")
        if self.synthetisch:
            return demo_plek
        if self.alleen_lezen and not (bron.map / "duo" / naam).is_dir() and (bron.map / DEMO / demo_plek[1]).is_dir():
            return demo_plek
        return "duo", naam

    def beschrijving(self, bron) -> str:
        if self.synthetisch:
            return (
                "Databron: demodata (synthetisch). Het werkboek maakt deze cijfers zelf naar het model van de "
                "CBS-tabellen; het zijn geen echte cijfers. Gebruik ze om de werkwijze te oefenen, niet voor beleid."
            )
        if self.haalt_op:
            return (
                f"Databron: CBS open data (StatLine, CC BY 4.0, Bron: CBS) via {bron.instellingen.host}. Elke tabel "
                f"wordt één keer gedownload en daarna uit de cache gelezen ({bron.map}); de datum van ophalen staat "
                f"bij elke bronregel. DUO open onderwijsdata komen van {bron.duo_host}, met de licentie die DUO bij "
                "elke dataset vermeldt."
            )
        waar = bron.momentopname or bron.map
        if self.is_demo(bron):
            return f"Databron: momentopname {waar} (alleen lezen) met demodata (synthetisch): geen echte cijfers."
        return (
            f"Databron: momentopname {waar} (alleen lezen) met CBS open data (CC BY 4.0, Bron: CBS) zoals die "
            "eerder is opgehaald; het werkboek maakt geen verbinding met internet. De datum van ophalen staat bij "
            "elke bronregel."
        )


BRONSOORTEN: dict[str, Bronsoort] = {
    DEMO: Bronsoort(DEMO, "ingebouwde demodata (synthetisch), werkt zonder internet", synthetisch=True),
    CBS: Bronsoort(CBS, "CBS open data en DUO open onderwijsdata, eerst uit de lokale cache"),
    MOMENTOPNAME: Bronsoort(MOMENTOPNAME, "een eerder gemaakte momentopname (zip) van de cache, voor werken zonder "
                                          "internet", haalt_op=False),
}
