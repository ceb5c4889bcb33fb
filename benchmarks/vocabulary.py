"""Value pools of the synthetic staff-pay file: names, estamentos, cargos, free-text templates."""

from __future__ import annotations

FIRST_NAMES = (  # noqa: SIM905
    "José María Juan Luis Carlos Jorge Víctor Héctor Andrés Sebastián Matías Tomás Benjamín "
    "Cristóbal Nicolás Joaquín Martín Agustín Ignacio Rodrigo Patricio Marcelo Germán Raúl "
    "Ana Inés Sofía Valentina Catalina Francisca Javiera Constanza Camila Fernanda Daniela "
    "Bárbara Verónica Mónica Angélica Rocío Belén Ximena Paz Soledad Carolina Alejandra Ester"
).split()
SURNAMES = (  # noqa: SIM905
    "González Muñoz Rojas Díaz Pérez Soto Contreras Silva Martínez Sepúlveda Morales Rodríguez "
    "López Fuentes Hernández Torres Araya Flores Espinoza Valenzuela Castillo Tapia Reyes "
    "Gutiérrez Castro Pizarro Álvarez Vásquez Sánchez Fernández Ramírez Carrasco Gómez Cortés "
    "Herrera Núñez Jara Vergara Rivera Figueroa Riquelme García Miranda Bravo Vera Molina Vega "
    "Campos Sandoval Orellana Zúñiga Olivares Alarcón Gallardo Ortiz Garrido Salazar Guzmán "
    "Henríquez Saavedra Navarro Aguilera Parra Romero Aravena Cáceres Yáñez Ibáñez Peña"
).split()
ESTAMENTOS = (
    ("Profesional", 22),
    ("Técnico", 20),
    ("Administrativo", 28),
    ("Auxiliar", 18),
    ("Jefatura", 6),
    ("Directivo", 5),
    ("Alcalde", 1),
)
CARGOS = (
    "Director de Obras Municipales",
    "Encargado de Finanzas",
    "Secretaria Municipal",
    "Administrativo de Rentas y Patentes",
    "Asistente Social",
    "Inspector Municipal",
    "Chofer",
    "Auxiliar de Aseo",
    "Encargado de Tránsito",
    "Profesional de Apoyo SECPLAN",
    "Jefe de Departamento de Salud",
    "Técnico en Informática",
    "Guardia de Seguridad",
    "Encargado de Organizaciones Comunitarias",
)
CALIFICACIONES = (
    "Ingeniero Comercial",
    "Abogado",
    "Asistente Social",
    "Constructor Civil",
    "Técnico en Administración",
    "Técnico en Enfermería de Nivel Superior",
    "Enseñanza Media Completa",
    "Enseñanza Básica Completa",
    "Profesor de Educación Básica",
    "Contador Auditor",
    "Arquitecto",
    "Periodista",
)
OBSERVACIONES = (
    "Reemplazo por licencia médica del titular RUT {rut}",
    "Suplencia; cargo de planta vacante, reemplaza a RUT {rut}",
    "Incluye asignación de zona y bono de desempeño",
    "Contacto del funcionario: {mail}",
    "Teléfono de contacto +56 9 {phone}",
    "Traslado desde Dirección de Desarrollo Comunitario",
)
