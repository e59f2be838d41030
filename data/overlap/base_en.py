# base_en.py — hand-written English guide items for the labelled overlap
# set (as regions publish them for international partners), and
# hand-written rewordings of some of them.  Read by make_pairs.py.
#
# Each item: (field, title, content, indicators).  Sentences end with ". "
# or "; " so make_pairs.py can reorder and cut them.

BASE = [
("ai", "Large vision models for industrial defect inspection",
 "Manufacturers of electronics, auto parts and textiles face many defect types with few labelled samples. "
 "This project develops a pretrained vision foundation model for surface defect inspection on production lines. "
 "It will address few-shot defect synthesis, transfer learning across production lines and compression of models for edge devices. "
 "A multi-industry defect image dataset with an annotation standard and an evaluation benchmark will be built. "
 "An edge inference appliance will be demonstrated in manufacturing plants of the Yangtze River Delta.",
 "Detection rate of at least 99.5 percent; false alarm rate below 0.5 percent; inference under 50 ms per image; deployment on lines of at least 20 companies."),
("ai", "Federated learning platform for hospital data collaboration",
 "Hospitals cannot pool patient records, which limits the training of clinical prediction models. "
 "This project builds a federated learning platform that trains models across hospitals without moving raw data. "
 "It will study secure aggregation, differential privacy budgets and robustness to heterogeneous data. "
 "Incentive mechanisms will reward institutions according to the value of their contributions. "
 "The platform will be piloted for early warning of sepsis in intensive care units.",
 "At least 30 participating hospitals; prediction AUC no lower than 0.85; privacy budget epsilon below 2; certification under the national data security standard."),
("ai", "Speech recognition for regional dialects of the Yangtze River Delta",
 "Public service hotlines in the region receive many calls in Wu dialects that current recognisers handle poorly. "
 "This project collects and annotates a corpus of Shanghainese, Suzhou and Hangzhou speech. "
 "Self-supervised acoustic models will be adapted to dialects with limited transcribed data. "
 "A dialect-aware language model will handle code switching between dialect and Mandarin. "
 "The system will be integrated into government service hotlines.",
 "Corpus of at least 5000 hours; character error rate below 10 percent on dialect speech; real-time factor below 0.3; service to at least 5 city hotlines."),
("energy", "Sodium-ion batteries for grid-scale energy storage",
 "Lithium resources are scarce and costly, which constrains large energy storage deployment. "
 "This project develops layered oxide and Prussian blue cathodes and hard carbon anodes for sodium-ion cells. "
 "It will improve the first-cycle efficiency and the cycle life of large-format cells. "
 "Battery management and thermal safety designs will be developed for containerised systems. "
 "A demonstration station will be connected to the distribution grid.",
 "Cell energy density of at least 160 Wh/kg; cycle life of at least 5000 cycles; system cost below 0.6 yuan per Wh; a demonstration station of 10 MWh."),
("energy", "Offshore wind turbine blades made of recyclable composites",
 "Retired wind turbine blades are hard to recycle because thermoset resins cannot be remelted. "
 "This project develops recyclable thermoplastic and vitrimer resin systems for blades longer than 100 metres. "
 "It will establish infusion and welding processes for large blade shells. "
 "Fatigue behaviour under marine conditions will be tested at full scale. "
 "A closed-loop recycling process will recover fibres and resin.",
 "Blade length of at least 100 metres; recovery rate of fibres above 90 percent; fatigue test of 10 million cycles passed; a prototype blade installed on an offshore turbine."),
("energy", "Virtual power plant for coordinated demand response",
 "Distributed photovoltaics, charging piles and air conditioning loads are rarely coordinated with grid needs. "
 "This project builds a virtual power plant that aggregates flexible loads across industrial parks. "
 "It will develop load forecasting, bidding strategies and real-time dispatch algorithms. "
 "Communication interfaces will follow national standards for grid interaction. "
 "The platform will take part in the regional electricity spot market.",
 "Aggregated adjustable capacity of at least 500 MW; response time below 1 minute; forecasting error below 5 percent; participation in at least 100 market dispatch events."),
("biomed", "Organoid models for drug screening in liver cancer",
 "Animal models predict the response of human liver cancer to drugs poorly. "
 "This project establishes a biobank of patient-derived liver cancer organoids. "
 "It will develop automated culture, imaging and high-throughput drug sensitivity testing. "
 "Multi-omics data will be linked to drug responses to discover biomarkers. "
 "Clinical studies will test whether organoid-guided therapy improves outcomes.",
 "A biobank of at least 500 organoid lines; screening throughput of 1000 compounds per week; concordance with clinical response above 80 percent; at least 3 biomarkers validated."),
("biomed", "Gene editing therapy for inherited blood disorders",
 "Beta thalassaemia is common in southern China and current treatments rely on lifelong transfusion. "
 "This project develops base editing of haematopoietic stem cells to restore foetal haemoglobin. "
 "It will optimise delivery of editing reagents and assess off-target effects genome wide. "
 "A GMP-compliant manufacturing process for edited cells will be established. "
 "An investigator-initiated clinical trial will evaluate safety and efficacy.",
 "Editing efficiency above 80 percent; no detectable off-target edits at validated sites; at least 10 patients treated; transfusion independence in at least 70 percent of patients."),
("biomed", "Domestic production of high-end cell culture media",
 "Serum-free media for biopharmaceutical production are largely imported. "
 "This project formulates chemically defined media for CHO cell fed-batch culture. "
 "It will build a component database and design of experiments platform for media optimisation. "
 "Quality control methods for trace elements and lot consistency will be developed. "
 "The media will be validated in antibody production by domestic companies.",
 "Antibody titre of at least 5 g/L; lot-to-lot variation below 5 percent; validation in at least 5 companies; production capacity of 100 tonnes per year."),
("ic", "Chiplet interconnect standard and advanced packaging",
 "Advanced process nodes are costly and hard to access, so chiplets offer an alternative route to high performance. "
 "This project defines a die-to-die interconnect protocol and physical layer. "
 "It will develop 2.5D interposer and hybrid bonding packaging processes. "
 "Design tools for thermal and signal integrity analysis of multi-die systems will be developed. "
 "A heterogeneous processor combining compute and memory chiplets will be demonstrated.",
 "Interconnect bandwidth density of at least 1 Tbps per mm; energy below 0.5 pJ per bit; bump pitch below 40 micrometres; a demonstration chip packaged and tested."),
("ic", "RISC-V processor cores for embedded control",
 "Embedded controllers in industry and vehicles depend on licensed processor architectures. "
 "This project designs high-reliability RISC-V cores with functional safety features. "
 "It will develop lockstep execution, error correcting memories and safety diagnostics. "
 "A software ecosystem of compilers, real-time operating systems and debuggers will be provided. "
 "The cores will be licensed to chip companies for automotive microcontrollers.",
 "Performance of at least 3 CoreMark per MHz; ASIL-D functional safety certification; at least 10 licensees; shipments of at least 10 million chips."),
("ic", "Silicon photonic transceivers for data centres",
 "Data centre traffic grows quickly while electrical interconnects reach their power limits. "
 "This project develops silicon photonic modulators, germanium photodetectors and on-chip lasers. "
 "It will integrate optical engines for 800G and 1.6T pluggable transceivers. "
 "Wafer-level testing and low-cost coupling processes will be established. "
 "Transceivers will be qualified by cloud service providers.",
 "Data rate of 1.6 Tbps per module; power consumption below 10 pJ per bit; coupling loss below 1.5 dB; qualification by at least 2 cloud providers."),
("quantum", "Photonic quantum computing with integrated chips",
 "Bulk optics limit the scale of photonic quantum experiments. "
 "This project develops integrated photonic chips with high-efficiency single photon sources. "
 "It will build low-loss programmable interferometers and superconducting detectors. "
 "Algorithms for Gaussian boson sampling and quantum chemistry will be demonstrated. "
 "Packaging and control electronics will make the system usable by external researchers.",
 "At least 50 photonic modes; single photon source efficiency above 60 percent; detector efficiency above 90 percent; cloud access for external users."),
("quantum", "Quantum gravimeters for resource exploration",
 "Classical gravimeters drift and require frequent calibration in field surveys. "
 "This project develops transportable cold atom gravimeters for geophysical exploration. "
 "It will reduce the size, weight and power of laser and vacuum systems. "
 "Dynamic measurement on ships and vehicles will be studied. "
 "Field surveys will be carried out in mining areas of Anhui.",
 "Sensitivity better than 10 microGal per root hertz; long-term drift below 1 microGal per day; system weight below 100 kg; survey of at least 1000 square kilometres."),
("materials", "Ultra-high purity quartz for semiconductor equipment",
 "Quartz crucibles and components for semiconductor processes require ultra-high purity raw materials that are imported. "
 "This project develops purification of natural quartz sand by flotation, acid leaching and chlorination. "
 "It will establish analysis methods for trace impurities at the ppb level. "
 "Fused quartz ingots and components will be fabricated from the purified sand. "
 "The products will be qualified by equipment makers.",
 "Total impurities below 10 ppm; alkali metals below 1 ppm; annual output of 5000 tonnes of purified sand; qualification by at least 3 equipment makers."),
("materials", "Self-healing coatings for marine corrosion protection",
 "Offshore platforms and ships suffer severe corrosion that shortens their service life. "
 "This project develops coatings with microcapsules that release inhibitors when damaged. "
 "It will study the healing mechanism and long-term durability in seawater. "
 "Application processes for large steel structures will be established. "
 "Field tests will be carried out on offshore wind platforms.",
 "Salt spray resistance of at least 5000 hours; self-healing of scratches within 24 hours; service life of at least 15 years; applied on at least 3 offshore structures."),
]

PARAPHRASE = {
0: ("Foundation model for surface defect detection in factories",
    "Factories making electronics, automotive components and textiles see many kinds of defects but have few labelled examples. "
    "We will build a pretrained visual model that inspects surface defects on production lines. "
    "Key problems are generating defect samples from few examples, transferring models between lines and shrinking models for edge hardware. "
    "We will assemble a defect image dataset spanning several industries, together with labelling rules and a benchmark. "
    "An edge inference box will be piloted in Yangtze River Delta factories.",
    "Defects detected at 99.5 percent or more; false alarms under 0.5 percent; less than 50 ms per image; used on lines in 20 or more companies."),
3: ("Grid energy storage based on sodium-ion cells",
    "Because lithium is scarce and expensive, large-scale storage needs a cheaper chemistry. "
    "We will develop sodium-ion cells with layered oxide or Prussian blue cathodes and hard carbon anodes. "
    "The work raises first-cycle efficiency and lengthens the cycle life of large cells. "
    "Containerised systems will get battery management and thermal safety designs. "
    "A demonstration storage station will be connected to the distribution network.",
    "Energy density of 160 Wh/kg or more per cell; 5000 or more cycles; system cost under 0.6 yuan per Wh; a 10 MWh demonstration station."),
6: ("Patient-derived organoids to screen liver cancer drugs",
    "Animal models are poor predictors of how human liver tumours respond to drugs. "
    "We will set up a biobank of organoids grown from liver cancer patients. "
    "Culture, imaging and drug sensitivity tests will be automated for high throughput. "
    "Linking multi-omics profiles with drug responses will reveal biomarkers. "
    "A clinical study will test organoid-guided treatment.",
    "500 or more organoid lines in the biobank; 1000 compounds screened weekly; over 80 percent agreement with clinical response; 3 or more validated biomarkers."),
9: ("Die-to-die interconnect and advanced packaging for chiplets",
    "Since leading process nodes are expensive and difficult to obtain, chiplets are another path to high performance. "
    "We will specify a die-to-die interconnect protocol together with its physical layer. "
    "Packaging processes for 2.5D interposers and hybrid bonding will be developed. "
    "Thermal and signal integrity analysis tools for multi-die designs will be built. "
    "We will demonstrate a heterogeneous processor built from compute and memory chiplets.",
    "Bandwidth density of 1 Tbps per mm or more; under 0.5 pJ per bit; bump pitch under 40 micrometres; a demonstration chip packaged and tested."),
11: ("Integrated silicon photonics for data centre optical modules",
    "Traffic inside data centres is rising fast and copper interconnects are hitting power limits. "
    "We will develop silicon photonic modulators, germanium detectors and lasers integrated on chip. "
    "Optical engines will be integrated into 800G and 1.6T pluggable modules. "
    "We will set up wafer-level testing and cheap fibre coupling. "
    "Cloud service providers will qualify the modules.",
    "1.6 Tbps per module; under 10 pJ per bit; coupling loss under 1.5 dB; qualified by 2 or more cloud providers."),
14: ("Purifying quartz for semiconductor process equipment",
    "Semiconductor process equipment needs quartz crucibles and parts made from ultra-pure raw material, which is imported today. "
    "We will purify natural quartz sand through flotation, acid leaching and chlorination. "
    "Analytical methods will measure trace impurities down to ppb levels. "
    "Purified sand will be fused into quartz ingots and machined into components. "
    "Equipment manufacturers will qualify the products.",
    "Impurities under 10 ppm in total; alkali metals under 1 ppm; 5000 tonnes of purified sand a year; qualified by 3 or more equipment manufacturers."),
}
