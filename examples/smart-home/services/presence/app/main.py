"""Who is home: phones report in with a form post; the rule engine asks."""
from fastapi import FastAPI, Form
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine("sqlite+aiosqlite:////data/presence.db")
app = FastAPI()


class Base(DeclarativeBase):
    pass


class Seen(Base):
    __tablename__ = "seen"
    person: Mapped[str] = mapped_column(String, primary_key=True)
    place: Mapped[str] = mapped_column(String)


@app.post("/checkin")
async def checkin(person: str = Form(...), place: str = Form(...)):
    async with AsyncSession(engine) as session:
        await session.merge(Seen(person=person, place=place))
        await session.commit()
    return {"ok": True}


@app.get("/home")
async def home():
    async with AsyncSession(engine) as session:
        rows = await session.execute(select(Seen).where(Seen.place == "home"))
        return [s.person for s in rows.scalars()]
