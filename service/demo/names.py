"""Word lists the demo centre draws from (plausible, invented people and firms)."""

FIRST_NAMES = (
    "Léa", "Emma", "Chloé", "Inès", "Manon", "Camille", "Sarah", "Jade", "Louise",
    "Zoé", "Lina", "Clara", "Anaïs", "Maëlys", "Océane", "Yasmine", "Eva", "Lucie",
    "Hugo", "Lucas", "Théo", "Nathan", "Enzo", "Louis", "Mathis", "Tom", "Maxime",
    "Noah", "Rayan", "Adam", "Mehdi", "Antoine", "Baptiste", "Quentin", "Kylian",
    "Alexandre", "Romain", "Julien", "Yanis", "Clément",
)  # fmt: skip

LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
    "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez",
    "Fontaine", "Chevalier", "Robin", "Masson", "Benali", "Nguyen", "Haddad",
    "Diallo", "Ferreira", "Lemoine", "Brunet", "Caron",
)  # fmt: skip

EMPLOYERS = (
    "Decathlon Villeurbanne", "Crédit Agricole Centre-Est", "Orange Boutique Part-Dieu",
    "Boulanger Vaulx-en-Velin", "MAAF Assurances Lyon", "Leroy Merlin Bron",
    "Darty Confluence", "Intersport Écully", "Nocibé Lyon Centre", "Optic 2000 Caluire",
    "Renault Lyon Sud", "Groupama Rhône-Alpes", "Century 21 Croix-Rousse",
    "Bouygues Telecom Vénissieux", "Norauto Saint-Priest", "Kiabi Givors",
    "Fnac Bellecour", "Carrefour Market Oullins", "La Poste Lyon 7",
    "Cultura Dardilly", "Free Center Lyon", "BNP Paribas Villeurbanne",
    "Hôtel Mercure Lyon Centre", "SNCF Connect Pro",
)  # fmt: skip

SITUATION_TITLES = {
    "CEF": ("Synthèse de documents", "Écriture personnelle", "Dissertation courte"),
    "LV1": ("Compréhension orale", "Jeu de rôle client", "Présentation d'entreprise"),
    "CEJM": ("Cas : contrat de vente", "Analyse économique", "Veille juridique"),
    "RCNV": ("Simulation de négociation", "Plan de découverte client", "Argumentaire"),
    "RCDD": ("E-réputation", "Campagne e-mailing", "Relation client à distance"),
    "RCAR": ("Animation de réseau", "Salon professionnel", "Prospection"),
    "ATP": ("Dossier professionnel", "Portfolio numérique", "Retour de stage"),
    "EVP": ("Examen blanc",),
}  # fmt: skip

APPRECIATIONS = {
    "high": (
        "Excellent travail, très investi(e) : continuez ainsi.",
        "Très bons résultats, une participation active et pertinente.",
        "Travail sérieux et régulier, de réelles qualités d'analyse.",
    ),
    "mid": (
        "Résultats corrects ; la régularité du travail doit encore progresser.",
        "Ensemble satisfaisant, mais des efforts sont attendus à l'écrit.",
        "Des progrès visibles ; poursuivez vos efforts de méthode.",
    ),
    "low": (
        "Résultats fragiles : un travail plus régulier est indispensable.",
        "Des difficultés persistantes ; n'hésitez pas à solliciter de l'aide.",
        "Trop d'absences et un investissement insuffisant ce semestre.",
    ),
}
