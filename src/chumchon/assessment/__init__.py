"""การประเมินจังหวัดจัดการตนเอง — the self-managing-province assessment per province and year, readiness, pilot selection and certification."""
